/** The Serve page's pure helpers: the form from a signature, records from it, random requests, label files. */
import { describe, expect, it } from 'vitest';
import type { Signature } from '../../../src/lib/registry/types';
import { parseLabelCsv } from '../../../src/state/labels-csv';
import { formFields, randomRecord, recordFrom, summarize, valuesFrom } from '../../../src/state/serve-form';

const sig: Signature = {
  inputs: [
    { name: 'age', type: 'integer', required: true, min: 18, max: 90 },
    { name: 'income', type: 'float', required: false, min: 0.5, max: 2.5 },
    { name: 'island', type: 'categorical', required: true, categories: ['Biscoe', 'Dream'] },
    { name: 'member', type: 'boolean', required: true },
    { name: 'joined', type: 'datetime', required: true, min: Date.UTC(2020, 0, 1), max: Date.UTC(2021, 0, 1), format: 'iso' },
    { name: 'note', type: 'text', required: false },
  ],
  output: { name: 'y', task: 'binary', classes: ['no', 'yes'] },
};
const example = { age: 40, income: 1.25, island: 'Dream', member: true, joined: '2020-06-15', note: null };

/** A seeded generator (mulberry32) so the random draws are the same on every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the playground form', () => {
  it('has one field per input: numbers with their range, selects, checkboxes, date inputs, text', () => {
    const f = formFields(sig);
    expect(f.map((x) => x.kind)).toEqual(['number', 'number', 'select', 'checkbox', 'date', 'text']);
    expect(f[0]).toMatchObject({ step: 1, min: 18, max: 90, hint: 'training range 18 … 90', required: true });
    expect(f[1]).toMatchObject({ step: 'any', required: false });
    expect(f[2].options).toEqual(['Biscoe', 'Dream']);
    expect(f[4].hint).toBe('training range 2020-01-01 … 2021-01-01');
  });

  it('is prefilled from the input example and sends the record a caller would', () => {
    const f = formFields(sig);
    const v = valuesFrom(f, example);
    expect(v).toEqual({ age: '40', income: '1.25', island: 'Dream', member: true, joined: '2020-06-15', note: '' });
    expect(recordFrom(f, v)).toEqual({ age: 40, income: 1.25, island: 'Dream', member: true, joined: '2020-06-15', note: null });
    // Datetimes given as epoch ms show as dates; an emptied number is sent as null.
    expect(valuesFrom(f, { ...example, joined: Date.UTC(2020, 1, 3) }).joined).toBe('2020-02-03');
    expect(recordFrom(f, { ...v, income: '' }).income).toBeNull();
  });

  it('draws random requests inside the training ranges and categories', () => {
    const f = formFields(sig), rand = seeded(7);
    const islands = new Set<unknown>();
    for (let i = 0; i < 500; i++) {
      const r = randomRecord(f, [example], rand);
      expect(Number.isInteger(r.age)).toBe(true);
      expect(r.age as number).toBeGreaterThanOrEqual(18);
      expect(r.age as number).toBeLessThanOrEqual(90);
      expect(r.income as number).toBeGreaterThanOrEqual(0.5);
      expect(r.income as number).toBeLessThanOrEqual(2.5);
      expect(['Biscoe', 'Dream']).toContain(r.island);
      expect(typeof r.member).toBe('boolean');
      const t = Date.parse(r.joined as string);
      expect(t).toBeGreaterThanOrEqual(Date.UTC(2020, 0, 1));
      expect(t).toBeLessThanOrEqual(Date.UTC(2021, 0, 1));
      islands.add(r.island);
    }
    // Mostly near the example, sometimes redrawn.
    expect(islands.size).toBe(2);
  });

  it('summarizes a logged row', () => {
    expect(summarize({ a: 1.23456789, b: 'x', c: null, d: true, e: 5 })).toBe('a=1.2346, b=x, c=∅, d=true, … (1 more)');
  });
});

describe('label files', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);
  it('reads id and label columns by name, in any order, numbers as numbers', () => {
    const r = parseLabelCsv(bytes('label,prediction_id\nyes,a1\n2.5,a2\n,a3\n"no, really",a4\n'));
    expect(r.labels).toEqual([{ id: 'a1', label: 'yes' }, { id: 'a2', label: 2.5 }, { id: 'a4', label: 'no, really' }]);
    expect(r.skippedCount).toBe(1);
    expect(r.skipped).toEqual([4]);
  });
  it('takes the first two columns without a header', () => {
    expect(parseLabelCsv(bytes('a1,yes\r\na2,no')).labels).toEqual([{ id: 'a1', label: 'yes' }, { id: 'a2', label: 'no' }]);
  });
  it('refuses an empty file and a header without an id column', () => {
    expect(() => parseLabelCsv(bytes(''))).toThrow(/empty/);
    expect(() => parseLabelCsv(bytes('label,other\nx,y'))).toThrow(/needs an id column/);
  });
});
