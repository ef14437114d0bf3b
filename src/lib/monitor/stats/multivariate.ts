/**
 * Multivariate drift by PCA reconstruction error (NannyML's "data reconstruction" idea):
 * - fit: standardise the reference columns (mean, population std; a constant column keeps scale 1,
 *   as scikit-learn's StandardScaler; missing values (NaN) imputed with the column mean), then PCA on
 *   the standardised rows, keeping the fewest components whose explained variance exceeds 65%
 *   (scikit-learn's PCA(n_components=0.65) rule);
 * - error of a set of rows: the mean over rows and columns of the squared difference between a
 *   standardised row and its reconstruction from the kept components (missing values imputed as at fit);
 * - threshold: the reference split into 10 contiguous chunks (numpy.array_split), the error of each,
 *   and mean + 3·std (population) of those errors; a window drifts when its error is above it.
 * The reference chunks were part of the fit, so the threshold is an in-sample band: with few
 * reference rows per component it is tight. Needs 2+ numeric columns and at least one row per chunk.
 */
import { BenchtopError } from '../../errors';
import { symmetricEigen } from './eigen';

export interface MultivariateColumn { name: string; values: Float64Array }
export interface PcaDriftOptions { varianceShare?: number; chunks?: number; sigmas?: number }
export interface PcaDriftModel {
  columns: string[];
  /** Standardisation: (x − mean) / scale per column. */
  mean: number[];
  scale: number[];
  /** Mean of the standardised reference rows (the PCA centre, ~0). */
  center: number[];
  /** Kept components, one unit row vector each, most variance first. */
  components: number[][];
  explainedVarianceRatio: number[];
  chunkErrors: number[];
  threshold: number;
}

function matrix(model: Pick<PcaDriftModel, 'columns' | 'mean' | 'scale'>, columns: readonly MultivariateColumn[]): { X: Float64Array; n: number; d: number } {
  const d = model.columns.length;
  const byName = new Map(columns.map((c) => [c.name, c.values]));
  const cols = model.columns.map((name) => {
    const v = byName.get(name);
    if (!v) throw new BenchtopError('BAD_MONITOR', `The multivariate drift check needs column '${name}', which these rows lack (columns: ${[...byName.keys()].join(', ') || 'none'}).`, { column: name });
    return v;
  });
  const n = cols[0].length;
  if (cols.some((c) => c.length !== n)) throw new BenchtopError('BAD_MONITOR', 'The multivariate drift check needs columns of equal length.', { lengths: cols.map((c) => c.length) });
  const X = new Float64Array(n * d);
  for (let j = 0; j < d; j++) {
    const v = cols[j], m = model.mean[j], s = model.scale[j];
    for (let i = 0; i < n; i++) X[i * d + j] = Number.isFinite(v[i]) ? (v[i] - m) / s : 0;
  }
  return { X, n, d };
}

/** Mean squared reconstruction error of rows X (n × d, standardised). */
function rowsError(X: Float64Array, from: number, to: number, d: number, center: readonly number[], W: readonly number[][]): number {
  const y = new Float64Array(d);
  let total = 0;
  for (let i = from; i < to; i++) {
    for (let j = 0; j < d; j++) y[j] = X[i * d + j] - center[j];
    for (const w of W) {
      let c = 0;
      for (let j = 0; j < d; j++) c += w[j] * y[j];
      for (let j = 0; j < d; j++) y[j] -= c * w[j];
    }
    for (let j = 0; j < d; j++) total += y[j] * y[j];
  }
  return total / ((to - from) * d);
}

export function fitPcaDrift(reference: readonly MultivariateColumn[], opts: PcaDriftOptions = {}): PcaDriftModel {
  const share = opts.varianceShare ?? 0.65, chunks = opts.chunks ?? 10, sigmas = opts.sigmas ?? 3;
  const names = reference.map((c) => c.name);
  if (names.length < 2) throw new BenchtopError('BAD_MONITOR', `Multivariate drift needs at least 2 numeric columns, not ${names.length}.`, { columns: names });
  const rows = reference[0].values.length;
  if (rows < chunks) throw new BenchtopError('BAD_MONITOR', `Multivariate drift needs at least ${chunks} reference rows (one per chunk), not ${rows}.`, { rows, chunks });
  if (!(share > 0 && share < 1)) throw new BenchtopError('BAD_MONITOR', `The explained-variance share must be in (0, 1), not ${share}.`, { varianceShare: share });
  const mean: number[] = [], scale: number[] = [];
  for (const c of reference) {
    let s = 0, k = 0;
    for (const x of c.values) if (Number.isFinite(x)) { s += x; k++; }
    const m = k ? s / k : 0;
    let ss = 0;
    for (const x of c.values) ss += Number.isFinite(x) ? (x - m) ** 2 : 0;
    const sd = Math.sqrt(ss / rows); // imputed values sit at the mean
    mean.push(m);
    scale.push(sd > 0 ? sd : 1);
  }
  const { X, n, d } = matrix({ columns: names, mean, scale }, reference);
  const center = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) center[j] += X[i * d + j];
  for (let j = 0; j < d; j++) center[j] /= n;
  const cov = new Float64Array(d * d);
  const y = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) y[j] = X[i * d + j] - center[j];
    for (let a = 0; a < d; a++) { const ya = y[a]; if (ya !== 0) for (let b = a; b < d; b++) cov[a * d + b] += ya * y[b]; }
  }
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[b * d + a] = cov[a * d + b] /= n - 1;
  const { values, vectors } = symmetricEigen(cov, d);
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  const ratio = values.map((v) => (total > 0 ? Math.max(v, 0) / total : 0));
  let k = 0, cum = 0;
  while (k < d && cum <= share) cum += ratio[k++];
  const components = vectors.slice(0, Math.max(1, k));
  const chunkErrors: number[] = [];
  for (let c = 0, from = 0; c < chunks; c++) {
    const size = Math.floor(n / chunks) + (c < n % chunks ? 1 : 0);
    chunkErrors.push(rowsError(X, from, from + size, d, center, components));
    from += size;
  }
  const mu = chunkErrors.reduce((s, e) => s + e, 0) / chunks;
  const sd = Math.sqrt(chunkErrors.reduce((s, e) => s + (e - mu) ** 2, 0) / chunks);
  return { columns: names, mean, scale, center, components, explainedVarianceRatio: ratio.slice(0, components.length), chunkErrors, threshold: mu + sigmas * sd };
}

/** Mean squared reconstruction error of `current` rows under the fitted model. */
export function reconstructionError(model: PcaDriftModel, current: readonly MultivariateColumn[]): number {
  const { X, n, d } = matrix(model, current);
  if (n === 0) throw new BenchtopError('BAD_MONITOR', 'The multivariate drift check needs at least one current row.', {});
  return rowsError(X, 0, n, d, model.center, model.components);
}

export function pcaDrift(model: PcaDriftModel, current: readonly MultivariateColumn[]): { error: number; threshold: number; drifted: boolean } {
  const error = reconstructionError(model, current);
  return { error, threshold: model.threshold, drifted: error > model.threshold };
}
