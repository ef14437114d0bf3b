/**
 * The `drift` benchmark's module worker: loads the files make_drift_data.py wrote (served by drift.mjs
 * under DATA_URL), turns the categorical codes into label arrays (not timed: the monitor's samples
 * hold labels), then times passes of src/lib/monitor/stats as a monitor runs them on one window:
 *  - defaults: every column's default test at this size (normalised Wasserstein for the 20 numeric
 *    columns, Jensen–Shannon for the 5 categorical ones) plus PSI for all 25;
 *  - ks: the Kolmogorov–Smirnov test over the 20 numeric columns.
 * Each timed pass works on fresh copies of the columns (copied before the clock starts), so the
 * per-array caches start cold: every sort, count and bin fit is inside the timing (the reference's
 * sort and bins once per column, shared by the tests of that pass, as in a monitor's window).
 */
import * as Comlink from 'comlink';
import { benchFile } from '../data';
import { driftTest } from '../../../src/lib/monitor/stats';
import type { DriftSample, DriftTestResult } from '../../../src/lib/monitor/types';

export const DATA_URL = '/__bench-drift-data/';

interface Meta { rows: number; numeric: string[]; categorical: string[]; categories: string[][] }
interface Loaded { meta: Meta; refNum: Float64Array[]; curNum: Float64Array[]; refCat: string[][]; curCat: string[][] }
let data: Loaded | null = null;
const loaded = (): Loaded => { if (!data) throw new Error('call init() first'); return data; };

const file = (name: string): Promise<ArrayBuffer> => benchFile(DATA_URL, name);

function columns<T extends Float64Array | Int32Array>(buf: T, count: number, n: number): T[] {
  return Array.from({ length: count }, (_, j) => buf.slice(j * n, (j + 1) * n) as T);
}

type Pass = 'defaults' | 'ks';

type Results = Record<string, Record<string, DriftTestResult>>;

function pass(name: Pass): { ms: number; results: Results } {
  const { meta, refNum, curNum, refCat, curCat } = loaded();
  // Fresh arrays: the tests' WeakMap caches (sorted copies, counts, bins) start empty.
  const num = refNum.map((r, j): [DriftSample, DriftSample] => [{ kind: 'numeric', values: r.slice() }, { kind: 'numeric', values: curNum[j].slice() }]);
  const cat = refCat.map((r, j): [DriftSample, DriftSample] => [{ kind: 'categorical', values: r.slice() }, { kind: 'categorical', values: curCat[j].slice() }]);
  const out: Results = {};
  const t0 = performance.now();
  if (name === 'ks') {
    const ks = driftTest('ks');
    num.forEach(([r, c], j) => { out[meta.numeric[j]] = { ks: ks.run(r, c, 0.05) }; });
  } else {
    const [w, js, psi] = [driftTest('wasserstein'), driftTest('jensenshannon'), driftTest('psi')];
    num.forEach(([r, c], j) => { out[meta.numeric[j]] = { wasserstein: w.run(r, c, 0.1), psi: psi.run(r, c, 0.1) }; });
    cat.forEach(([r, c], j) => { out[meta.categorical[j]] = { jensenshannon: js.run(r, c, 0.1), psi: psi.run(r, c, 0.1) }; });
  }
  return { ms: performance.now() - t0, results: out };
}

const api = {
  async init() {
    const meta = JSON.parse(new TextDecoder().decode(await file('meta.json'))) as Meta;
    const n = meta.rows, p = meta.numeric.length, k = meta.categorical.length;
    const labels = (codes: Int32Array[]) => codes.map((c, j) => Array.from(c, (x) => meta.categories[j][x]));
    data = {
      meta,
      refNum: columns(new Float64Array(await file('ref_num.f64')), p, n),
      curNum: columns(new Float64Array(await file('cur_num.f64')), p, n),
      refCat: labels(columns(new Int32Array(await file('ref_cat.i32')), k, n)),
      curCat: labels(columns(new Int32Array(await file('cur_cat.i32')), k, n)),
    };
    return { rows: n, numeric: p, categorical: k, cores: navigator.hardwareConcurrency, userAgent: navigator.userAgent };
  },

  /** One warm-up pass (JIT), then `reps` timed passes: each pass's milliseconds and the last pass's results. */
  run(name: Pass, reps = 3) {
    if (name !== 'defaults' && name !== 'ks') throw new Error(`unknown pass ${name}; valid: defaults, ks`);
    pass(name);
    const ms: number[] = [];
    let results: Results = {};
    for (let i = 0; i < reps; i++) {
      const r = pass(name);
      ms.push(r.ms);
      results = r.results;
    }
    const sorted = [...ms].sort((a, b) => a - b);
    return { ms, medianMs: sorted[Math.floor(sorted.length / 2)], results };
  },
};

export type DriftBenchApi = typeof api;
Comlink.expose(api);
