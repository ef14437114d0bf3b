/**
 * PCA reconstruction drift pinned to scikit-learn 1.2: PCA(n_components=0.65) on StandardScaler'd
 * reference rows — the number of components, their explained-variance ratios, the per-chunk errors
 * (numpy.array_split into 10), the mean + 3·std threshold and the errors of two current sets; within
 * 1e-9 relative (eigen-decomposition here, SVD there).
 */
import { describe, expect, it } from 'vitest';
import { fitPcaDrift, pcaDrift, reconstructionError, type MultivariateColumn } from '../../../../src/lib/monitor/stats';
import { expectClose, ref } from './fixture';

const cols = (names: string[], data: number[][]): MultivariateColumn[] => names.map((name, j) => ({ name, values: Float64Array.from(data[j]) }));
const p = ref.pca;

describe('PCA reconstruction drift', () => {
  const model = fitPcaDrift(cols(p.columns, p.ref));

  it('keeps the components scikit-learn keeps, with the same variance ratios', () => {
    expect(model.components.length).toBe(p.n_components);
    model.explainedVarianceRatio.forEach((r, i) => expectClose(r, p.explained_variance_ratio[i], `ratio ${i}`));
    for (const w of model.components) expect(w.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 12);
  });

  it('chunk errors and threshold', () => {
    model.chunkErrors.forEach((e, i) => expectClose(e, p.chunk_errors[i], `chunk ${i}`));
    expectClose(model.threshold, p.threshold, 'threshold');
  });

  it('current errors: same distribution below the threshold, changed correlation above it', () => {
    expectClose(reconstructionError(model, cols(p.columns, p.same)), p.error_same, 'same');
    expectClose(reconstructionError(model, cols(p.columns, p.drifted)), p.error_drifted, 'drifted');
    expect(pcaDrift(model, cols(p.columns, p.same)).drifted).toBe(p.error_same > p.threshold);
    expect(pcaDrift(model, cols(p.columns, p.drifted))).toMatchObject({ drifted: true, threshold: model.threshold });
  });

  it('missing values are imputed with the reference mean; columns are found by name', () => {
    const shuffled = cols(p.columns, p.same).reverse();
    expect(reconstructionError(model, shuffled)).toBe(reconstructionError(model, cols(p.columns, p.same)));
    const withNaN = cols(p.columns, p.same);
    withNaN[0].values[0] = NaN;
    expect(Number.isFinite(reconstructionError(model, withNaN))).toBe(true);
    expect(() => reconstructionError(model, cols(p.columns.slice(1), p.same.slice(1)))).toThrow(/needs column 'x0'/);
  });

  it('refuses one column or fewer rows than chunks', () => {
    expect(() => fitPcaDrift(cols(['a'], [[1, 2, 3]]))).toThrow(/at least 2 numeric columns/);
    expect(() => fitPcaDrift(cols(['a', 'b'], [[1, 2], [3, 4]]))).toThrow(/at least 10 reference rows/);
  });
});
