/**
 * One window's result from a reference and logged rows, without storage: no drift for a window drawn
 * like the reference, drift (per column, dataset, prediction) for a shifted one, with the default
 * tests of the convention, their thresholds, histograms, quality, performance and software figures;
 * and the streaming detectors fed in time order across windows.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/lib/data/split';
import type { Values } from '../../../src/lib/monitor/columns';
import { computeWindow, type ComputeContext } from '../../../src/lib/monitor/compute';
import { fitMultivariate } from '../../../src/lib/monitor/multivariate';
import { refColumn, type Reference } from '../../../src/lib/monitor/reference';
import type { LogSlice } from '../../../src/lib/monitor/slice';
import { feedStreams, newStreams, scaleOf } from '../../../src/lib/monitor/streams';
import { compileSignature } from '../../../src/lib/serve/validate-input';
import { monitor } from './fixtures';

const sig = compileSignature({
  inputs: [{ name: 'x', type: 'float', required: true }, { name: 'color', type: 'categorical', required: true, categories: ['red', 'green', 'blue'] }, { name: 'flag', type: 'boolean', required: true }],
  output: { name: 'label', task: 'binary', classes: ['no', 'yes'] },
});
const COLORS = ['red', 'green', 'blue'];

function draw(n: number, seed: number, shift = 0) {
  const r = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const x = Array.from({ length: n }, () => gauss() + shift);
  const color = x.map(() => COLORS[Math.min(2, Math.floor(r() * (shift ? 1.4 : 3)))]);
  const flag = x.map(() => (r() < (shift ? 0.8 : 0.3) ? 1 : 0));
  const out = x.map((v) => (v > 0.5 ? 'yes' : 'no'));
  return { x, color, flag, out };
}

function reference(n: number): Reference {
  const d = draw(n, 1);
  const vals: Record<string, Values> = { x: { numeric: true, values: Float64Array.from(d.x) }, color: { numeric: false, values: d.color }, flag: { numeric: true, values: Float64Array.from(d.flag) } };
  const columns = ['x', 'color', 'flag'].map((c) => refColumn(c, sig.byName.get(c)!, vals[c]));
  return { key: 'k', rows: n, source: 'test', columns, missingShare: 0, prediction: { numeric: false, values: d.out }, target: { numeric: false, values: d.out } };
}

function slice(n: number, seed: number, shift: number, t0 = 1000, labelWrong = 0): LogSlice {
  const d = draw(n, seed, shift);
  const r = mulberry32(seed + 99);
  return {
    n, ids: d.x.map((_, i) => `p${seed}-${i}`), time: Float64Array.from(d.x, (_, i) => t0 + i), latency: new Float64Array(n).fill(0.5), version: new Int32Array(n).fill(1),
    output: d.out, proba: d.out.map((o) => (o === 'yes' ? [0.2, 0.8] : [0.8, 0.2])), classes: d.out.map(() => ['no', 'yes']),
    violated: new Uint8Array(n), refused: new Uint8Array(n),
    inputs: new Map<string, (string | number | boolean | null)[]>([['x', d.x], ['color', d.color], ['flag', d.flag.map((f) => f === 1)]]),
    labels: d.out.map((o) => (r() < labelWrong ? (o === 'yes' ? 'no' : 'yes') : o)),
  };
}

const ctx = (ref: Reference): ComputeContext => ({ monitor: monitor({ columns: [{ column: 'x' }, { column: 'color' }, { column: 'flag' }] }), reference: ref, model: { task: 'binary', classes: ['no', 'yes'], metrics: { accuracy: 0.97 } }, modelBytes: 321, multivariate: null });

describe('computeWindow', () => {
  it('small reference: KS, chi-square and Z by the convention; a window like the reference does not drift', () => {
    const ref = reference(800);
    const w = computeWindow(ctx(ref), slice(300, 5, 0), { start: 1000, end: 1299, partial: false }, []);
    expect(w.columns.map((c) => [c.column, c.kind, c.method, c.threshold])).toEqual([['x', 'numeric', 'ks', 0.05], ['color', 'categorical', 'chisquare', 0.05], ['flag', 'binary', 'z', 0.05]]);
    expect(w.columns.every((c) => !c.drifted && c.score > 0.05)).toBe(true);
    expect(w.datasetDrift).toEqual({ share: 0, drifted: false });
    expect(w.predictionDrift).toMatchObject({ column: 'prediction', method: 'z', drifted: false });
    expect(w.targetDrift).toMatchObject({ column: 'target', drifted: false });
    expect(w.performance!.metrics.accuracy).toBe(1);
    expect(w.performance!.reference.accuracy).toBe(0.97);
    expect(w.quality).toMatchObject({ rows: 300, missingShare: 0, unseenCategories: 0, violations: 0 });
    expect(w.software).toMatchObject({ p50: 0.5, errors: 0, modelBytes: 321 });
    expect(w.columns[0].reference.labels).toEqual(w.columns[0].current.labels);
    expect(w.columns[0].reference.labels.length).toBeGreaterThanOrEqual(10);
    expect(w.partial).toBeUndefined();
  });

  it('a shifted window drifts on every column, the dataset, the predictions; errors lower performance', () => {
    const ref = reference(800);
    const w = computeWindow(ctx(ref), slice(300, 3, 1.5, 1000, 0.4), { start: 1000, end: 1299, partial: true }, [{ detector: 'adwin', stream: 'x', time: 1100, level: 'drift' }]);
    expect(w.columns.map((c) => c.drifted)).toEqual([true, true, true]);
    expect(w.columns[0].score).toBeLessThan(1e-10);
    expect(w.datasetDrift).toEqual({ share: 1, drifted: true });
    expect(w.predictionDrift!.drifted).toBe(true);
    expect(w.performance!.metrics.accuracy!).toBeLessThan(0.75);
    expect(w.quality.outOfRange).toBeGreaterThan(0);
    expect(w.detections).toHaveLength(1);
    expect(w.partial).toBe(true);
  });

  it('large reference: normalised Wasserstein and Jensen–Shannon (distances, threshold 0.1); a per-column override is used and shown', () => {
    const ref = reference(3000);
    const c = ctx(ref);
    c.monitor = monitor({ columns: [{ column: 'x', method: 'psi', threshold: 0.2 }, { column: 'color' }, { column: 'flag' }] });
    const w = computeWindow(c, slice(400, 4, 0), { start: 1, end: 2, partial: false }, []);
    expect(w.columns.map((x) => [x.method, x.threshold])).toEqual([['psi', 0.2], ['jensenshannon', 0.1], ['jensenshannon', 0.1]]);
    expect(w.columns.every((x) => !x.drifted)).toBe(true);
    const shifted = computeWindow(c, slice(400, 5, 1.5), { start: 3, end: 4, partial: false }, []);
    expect(shifted.columns.every((x) => x.drifted && x.score > x.threshold)).toBe(true);
  });
});

describe('multivariate drift', () => {
  it('PCA reconstruction error: a window that keeps the correlation passes, one that breaks it drifts', () => {
    const cs = compileSignature({ inputs: [{ name: 'a', type: 'float', required: true }, { name: 'b', type: 'float', required: true }], output: { name: 'y', task: 'regression', classes: null } });
    const r = mulberry32(8);
    const pair = (n: number, broken: boolean) => {
      const a = Array.from({ length: n }, () => r() * 2 - 1);
      return { a, b: a.map((x) => (broken ? -x : x) + (r() - 0.5) * 0.1) };
    };
    const ref = pair(1000, false);
    const columns = (['a', 'b'] as const).map((k) => refColumn(k, cs.byName.get(k)!, { numeric: true, values: Float64Array.from(ref[k]) }));
    const reference: Reference = { key: 'k', rows: 1000, source: 't', columns, missingShare: 0, prediction: null, target: null };
    const mv = fitMultivariate(reference)!;
    expect(mv.columns).toEqual(['a', 'b']);
    const c = { monitor: monitor({ columns: [{ column: 'a' }, { column: 'b' }] }), reference, model: { task: 'regression' as const, classes: null, metrics: {} }, modelBytes: null, multivariate: mv };
    const win = (p: { a: number[]; b: number[] }): LogSlice => ({
      n: p.a.length, ids: p.a.map((_, i) => String(i)), time: Float64Array.from(p.a, (_, i) => i), latency: new Float64Array(p.a.length), version: new Int32Array(p.a.length),
      output: p.a.map(() => 1), proba: p.a.map(() => null), classes: p.a.map(() => null), violated: new Uint8Array(p.a.length), refused: new Uint8Array(p.a.length),
      inputs: new Map([['a', p.a], ['b', p.b]]), labels: p.a.map(() => undefined),
    });
    const calm = computeWindow(c, win(pair(200, false)), { start: 0, end: 1, partial: false }, []).multivariate!;
    const broken = computeWindow(c, win(pair(200, true)), { start: 2, end: 3, partial: false }, []).multivariate!;
    expect(calm.drifted).toBe(false);
    expect(broken.drifted).toBe(true);
    expect(broken.error).toBeGreaterThan(10 * calm.threshold);
    // Each column alone keeps its distribution: only the multivariate check sees it.
    expect(computeWindow(c, win(pair(200, true)), { start: 4, end: 5, partial: false }, []).columns.every((x) => !x.drifted)).toBe(true);
  });
});

describe('streaming detectors across windows', () => {
  it('stay quiet on a stationary feature and flag a shift soon after it starts; rows are fed once', () => {
    const ref = reference(800);
    const scale = scaleOf('x', (ref.columns[0].values as { values: Float64Array }).values);
    const state = newStreams('binary', [scale], 3);
    const feed = (s: LogSlice) => feedStreams(state, s, (col, i) => (Number(s.inputs.get(col)![i]) - scale.mean) / scale.std, 'binary');
    const calm = [slice(500, 10, 0, 0), slice(500, 11, 0, 500), slice(500, 12, 0, 1000)];
    const quiet = calm.flatMap(feed).filter((d) => d.stream === 'x' && d.level === 'drift');
    // ADWIN and Page-Hinkley stay quiet; KSWIN tests at every point (alpha 0.005), so a few false alarms are its nature.
    expect(quiet.filter((d) => d.detector !== 'kswin')).toEqual([]);
    expect(quiet.length).toBeLessThanOrEqual(5);
    expect(feed(calm[2])).toEqual([]); // already fed: nothing new
    const shifted = feed(slice(500, 13, 2, 1500));
    const first = shifted.find((d) => d.stream === 'x' && d.level === 'drift');
    expect(first).toBeDefined();
    expect(first!.time - 1500).toBeLessThan(100);
    expect(new Set(shifted.filter((d) => d.stream === 'x').map((d) => d.detector))).toEqual(new Set(['adwin', 'page-hinkley', 'kswin']));
    // The error stream: a model that turns wrong half the time is flagged by DDM / EDDM.
    const wrong = feed(slice(600, 14, 0, 2000, 0.5)).filter((d) => d.stream === 'error' && d.level === 'drift');
    expect(wrong.length).toBeGreaterThan(0);
  });

  it('track DDM/EDDM (classifiers) or the absolute error (regression), and thin KSWIN out over many features', () => {
    const scales = Array.from({ length: 10 }, (_, j) => ({ column: `f${j}`, mean: 0, std: 1 }));
    const cls = newStreams('multiclass', scales);
    expect(cls.tracked.filter((t) => t.stream === 'error').map((t) => t.detector)).toEqual(['ddm', 'eddm']);
    expect(cls.tracked).toHaveLength(2 + 30);
    expect(new Set(cls.tracked.filter((t) => t.detector === 'kswin').map((t) => t.stride))).toEqual(new Set([3]));
    expect(cls.tracked.filter((t) => t.detector !== 'kswin').every((t) => t.stride === 1)).toBe(true);
    const reg = newStreams('regression', scales.slice(0, 2));
    expect(reg.tracked.filter((t) => t.stream === 'abs_error').map((t) => t.detector)).toEqual(['adwin', 'page-hinkley']);
    expect(reg.tracked.find((t) => t.detector === 'kswin')!.stride).toBe(1);
  });
});
