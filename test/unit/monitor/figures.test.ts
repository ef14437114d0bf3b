/**
 * A window's figures: quality (missing share, out of range, unseen categories, violations, beside the
 * reference), software (latency quantiles as NumPy, throughput, errors, model bytes), performance from
 * labels (metrics as scikit-learn, beside the version's), value coercion and shared-bin histograms.
 */
import { describe, expect, it } from 'vitest';
import { cellValues, histograms, sampleOf, tableValues, type Values } from '../../../src/lib/monitor/columns';
import { windowPerformance } from '../../../src/lib/monitor/performance';
import { qualityRef, windowQuality } from '../../../src/lib/monitor/quality';
import { modelBytes, windowSoftware } from '../../../src/lib/monitor/software';
import { codesColumn } from '../../../src/lib/recipe/table';
import { compileSignature } from '../../../src/lib/serve/validate-input';

const num = (...xs: number[]): Values => ({ numeric: true, values: Float64Array.from(xs) });
const lab = (...xs: (string | null)[]): Values => ({ numeric: false, values: xs });

describe('quality', () => {
  it('counts missing cells, values out of the reference range and unseen labels, with the reference share', () => {
    const refs = [qualityRef('x', num(0, 5, 10, NaN)), qualityRef('c', lab('a', 'b', null, 'a'))];
    expect(refs[0]).toMatchObject({ min: 0, max: 10, categories: null });
    expect([...refs[1].categories!]).toEqual(['a', 'b']);
    const cur = new Map([['x', num(-1, 3, NaN, 11, 10)], ['c', lab('a', 'z', 'z', null, 'b')]]);
    const q = windowQuality(refs, cur, 5, Uint8Array.of(0, 1, 0, 1, 1), 0.125);
    expect(q).toEqual({ missingShare: 2 / 10, outOfRange: 2, unseenCategories: 2, violations: 3, rows: 5, reference: { missingShare: 0.125 } });
    // A watched column the log never held counts as missing.
    expect(windowQuality(refs, new Map([['x', num(1, 2)]]), 2, new Uint8Array(2), 0).missingShare).toBe(0.5);
    expect(windowQuality(refs, new Map(), 0, new Uint8Array(0), 0).missingShare).toBe(0);
  });
});

describe('software', () => {
  it('latency quantiles like numpy (linear), throughput over the active span, refused rows as errors', () => {
    const time = [0, 0, 1000, 2000, 4000, 4000];
    const latency = [1, 2, 3, 4, 100, 5];
    const s = windowSoftware({ time, latency, refused: [0, 0, 0, 0, 1, 0] }, 2048);
    // numpy.percentile([1, 2, 3, 4, 5], [50, 95, 99]) = 3, 4.8, 4.96
    expect(s.p50).toBe(3);
    expect(s.p95).toBeCloseTo(4.8, 12);
    expect(s.p99).toBeCloseTo(4.96, 12);
    expect(s.throughput).toBe(6 / 4);
    expect(s.errors).toBe(1);
    expect(s.modelBytes).toBe(2048);
    expect(windowSoftware({ time: [5, 5], latency: [1, 1], refused: [0, 0] }, null).throughput).toBe(2);
    expect(Number.isNaN(windowSoftware({ time: [1], latency: [1], refused: [1] }, null).p50)).toBe(true);
  });
  it('model bytes are the UTF-8 size of the JSON document', () => {
    expect(modelBytes({ w: [1, 2], name: 'é' })).toBe(new TextEncoder().encode('{"w":[1,2],"name":"é"}').length);
    expect(modelBytes(null)).toBeNull();
  });
});

describe('performance', () => {
  it('classifier metrics on the labelled answered rows, unknown labels counted apart', () => {
    const p = windowPerformance({
      output: ['yes', 'no', 'yes', null, 'no', 'yes', 'no'],
      proba: [[0.2, 0.8], [0.7, 0.3], [0.4, 0.6], null, [0.9, 0.1], [0.1, 0.9], [0.6, 0.4]],
      labels: ['yes', 'yes', 'no', 'yes', 'no', undefined, 'maybe'],
    }, { task: 'binary', classes: ['no', 'yes'], metrics: { accuracy: 0.9, f1: 0.88 } })!;
    expect(p.labelled).toBe(5);
    expect(p.metrics.unknown_labels).toBe(1);
    // Scored rows: (yes→yes), (yes→no), (no→yes), (no→no): accuracy 0.5; sklearn f1 (pos = class 1) 0.5; roc_auc 0.75.
    expect(p.metrics.accuracy).toBe(0.5);
    expect(p.metrics.f1).toBeCloseTo(0.5, 12);
    expect(p.metrics.roc_auc).toBeCloseTo(0.75, 12);
    expect(p.reference).toMatchObject({ accuracy: 0.9, f1: 0.88, roc_auc: null });
    expect(windowPerformance({ output: ['yes'], proba: [null], labels: [undefined] }, { task: 'binary', classes: ['no', 'yes'], metrics: {} })).toBeNull();
  });
  it('regression metrics from numeric labels', () => {
    const p = windowPerformance({ output: [1, 2, 3, 4], proba: [null, null, null, null], labels: [1.5, '2', 2, 'x'] }, { task: 'regression', classes: null, metrics: { rmse: 0.2 } })!;
    // sklearn: mean_squared_error([1.5, 2, 2], [1, 2, 3]) = (0.25 + 0 + 1) / 3
    expect(p.metrics.rmse).toBeCloseTo(Math.sqrt(1.25 / 3), 12);
    expect(p.metrics.mae).toBeCloseTo(0.5, 12);
    expect(p.metrics.unknown_labels).toBe(1);
    expect(p.reference.rmse).toBe(0.2);
  });
});

describe('column values', () => {
  it('coerces logged cells as serving does (numbers, numeric strings, booleans, dates; bad values missing)', () => {
    const cs = compileSignature({ inputs: [{ name: 'x', type: 'float', required: true }, { name: 'b', type: 'boolean', required: true }, { name: 'd', type: 'datetime', required: true, format: 'iso' }, { name: 'c', type: 'categorical', required: true }], output: { name: 'y', task: 'binary', classes: ['a', 'b'] } });
    const x = cellValues([1.5, '2', 'abc', null, true], cs.byName.get('x')!);
    expect(Array.from((x as { values: Float64Array }).values)).toEqual([1.5, 2, NaN, NaN, 1]);
    expect(Array.from((cellValues([true, 'false', 1, 3], cs.byName.get('b')!) as { values: Float64Array }).values)).toEqual([1, 0, 1, NaN]);
    expect((cellValues(['2024-01-02'], cs.byName.get('d')!) as { values: Float64Array }).values[0]).toBe(Date.UTC(2024, 0, 2));
    expect(cellValues(['red', 3, null, ''], cs.byName.get('c')!).values).toEqual(['red', '3', null, null]);
    expect(tableValues(codesColumn('c', ['a', null, 'b'])).values).toEqual(['a', null, 'b']);
  });

  it('samples numbers for numeric tests and labels for label tests', () => {
    const v = num(1, NaN, 2);
    expect(sampleOf(v, 'numeric', ['numeric'])).toEqual({ kind: 'numeric', values: Float64Array.of(1, 2) });
    expect(sampleOf(v, 'categorical', ['numeric', 'categorical', 'binary'])).toEqual({ kind: 'categorical', values: ['1', '2'] });
    expect(sampleOf(v, 'binary', ['binary'])).toEqual({ kind: 'binary', values: ['1', '2'] });
    expect(sampleOf(lab('a', null), 'binary', ['categorical', 'binary'])).toEqual({ kind: 'binary', values: ['a'] });
  });

  it('histograms share bins: the reference range in 10 bins, under/over bins when the window leaves it', () => {
    const ref = { kind: 'numeric' as const, values: Float64Array.from({ length: 100 }, (_, i) => i / 10) };
    const h = histograms(ref, { kind: 'numeric', values: Float64Array.of(-5, 0.5, 20, 20) });
    expect(h.reference.labels).toHaveLength(12);
    expect(h.reference.labels[0]).toBe('< 0');
    expect(h.reference.labels.at(-1)).toBe('> 9.9');
    expect(h.current.shares[0]).toBe(0.25);
    expect(h.current.shares.at(-1)).toBe(0.5);
    expect(h.reference.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const c = histograms({ kind: 'categorical', values: ['a', 'a', 'b'] }, { kind: 'categorical', values: ['c', 'a'] });
    // Ordered by the larger of the two shares: a new category in the window comes before a rare old one.
    expect(c.reference.labels).toEqual(['a', 'c', 'b']);
    expect(c.reference.shares).toEqual([2 / 3, 0, 1 / 3]);
    expect(c.current.shares).toEqual([0.5, 0.5, 0]);
  });
});
