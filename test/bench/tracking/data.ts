/**
 * The synthetic runs of the `tracking` benchmark, deterministic from a seed: 20 params (p0 the
 * model, p1–p9 categorical, p10–p19 numeric), 10 metrics m0–m9 whose history decays towards a
 * final value drawn uniformly from [0, 1), and a status (about 5 % FAILED, 2 % KILLED).
 */
import { mulberry32 } from '../../../src/lib/data/split';

export interface RunSpec {
  params: Record<string, string | number>;
  tags: Record<string, string>;
  /** metrics[j][step]: the value of m<j> at that step. */
  metrics: Float64Array[];
  status: 'FINISHED' | 'FAILED' | 'KILLED';
}

/** The experiment that holds the benchmark's runs. */
export const EXPERIMENT = 'tracking-bench';
export const PARAMS = 20;
export const METRICS = 10;
const MODELS = ['mlp', 'logistic-regression', 'random-forest', 'linear-svc'];
const LETTERS = ['a', 'b', 'c', 'd'];

/** Benchtop's seeded PRNG (mulberry32). */
export const rng = mulberry32;

export function makeRun(index: number, steps: number, seed = 0): RunSpec {
  const r = rng(seed * 1_000_003 + index + 1);
  const params: Record<string, string | number> = { p0: MODELS[Math.floor(r() * MODELS.length)] };
  for (let k = 1; k < 10; k++) params[`p${k}`] = LETTERS[Math.floor(r() * LETTERS.length)];
  for (let k = 10; k < PARAMS; k++) params[`p${k}`] = k % 2 ? Math.floor(r() * 256) : Number((r() * 10).toFixed(4));
  const decay = Math.exp(-5);
  const metrics: Float64Array[] = [];
  for (let j = 0; j < METRICS; j++) {
    const final = r();
    const start = final + 0.2 + r() * 0.8;
    const h = new Float64Array(steps);
    for (let s = 0; s < steps; s++) {
      const x = steps > 1 ? s / (steps - 1) : 1;
      const shape = (Math.exp(-5 * x) - decay) / (1 - decay);
      h[s] = s === steps - 1 ? final : final + (start - final) * shape + (r() - 0.5) * 0.01;
    }
    metrics.push(h);
  }
  const u = r();
  const status = u < 0.05 ? 'FAILED' : u < 0.07 ? 'KILLED' : 'FINISHED';
  return { params, tags: { team: LETTERS[index % 4], 'mlflow.source.name': 'tracking-bench' }, metrics, status };
}
