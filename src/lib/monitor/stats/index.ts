/**
 * Drift statistics: one file per test (pinned to SciPy 1.10), the registry table, reference-fitted
 * bins, the default-test convention and PCA reconstruction drift. Public surface of src/lib/monitor/stats.
 */
export { DRIFT_TESTS, DRIFT_TEST_IDS, driftTest, type DriftTestId } from './registry';
export { datasetDrift, defaultTest, testedKind, SMALL_REFERENCE_ROWS, MAX_CATEGORICAL_NUMERIC_VALUES } from './defaults';
export { binCounts, binLabels, binnedCounts, correctZeros, fitBins, shares, DEFAULT_BINS, ZERO_SHARE, type BinOptions, type Bins } from './binning';
export { fitPcaDrift, pcaDrift, reconstructionError, type MultivariateColumn, type PcaDriftModel, type PcaDriftOptions } from './multivariate';
export { sortedValues, labelCounts } from './samples';
export { ks2sampSorted, type KsResult } from './ks';
export { cvm2sampSorted, type CvmResult } from './cvm';
export { andersonStatistic, andersonSignificance } from './anderson';
export { wassersteinSorted, populationStd } from './wasserstein';
export { chiSquare, chiSquareTable, type ChiSquareTable } from './chisquare';
export { zTest } from './z';
export { psiScore } from './psi';
export { klScore } from './kl';
export { jsScore } from './jensenshannon';
export { hellingerScore } from './hellinger';
