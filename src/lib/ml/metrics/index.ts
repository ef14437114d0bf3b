/**
 * Public surface of the metrics: metric functions pinned to scikit-learn 1.2, curves, the
 * baseline beside every model, error analysis by slice, permutation importance, and the registry.
 */
export { MetricError, npSum, npAverage, column, type MetricErrorReason, type Vec } from './numeric';
export * from './regression';
export * from './classification';
export * from './curves';
export * from './proba';
export * from './registry';
export * from './baseline';
export * from './slices';
export * from './importance';
