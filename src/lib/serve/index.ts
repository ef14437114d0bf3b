/** Public surface of serving: predictor, validation, routing, deployments, prediction log, labels, the service, batch scoring, the HTTP API. */
export * from './types';
export * from './contract';
export { compileSignature, validateRecord, validateRecords, isHard, hasHard, HARD_KINDS, type CompiledSignature } from './validate-input';
export { loadPredictor, ServingPredictor, type ExtraCheck, type ScoredTable } from './predictor';
export { MlpForward } from './mlp-forward';
export { enableTensorMlp, activeTensorBackend, SERVED, TENSOR_MIN_ROWS, type TensorMlp } from './model-runner';
export { fnv1a, stickyPoint, stickyValue, routeRequest, refText, type Route } from './routing';
export { createDeployment, getDeployment, listDeployments, activeDeployment, type DeploymentInput } from './deployments';
export { setCanaryPercent, switchLive, rollbackDeployment, stopDeployment, startDeployment, editDeployment, deleteDeployment, type DeploymentEdit } from './deployment-actions';
export { PredictionLog, toBatch, MAX_BATCH_ROWS, type LogRow } from './log';
export { readPredictionBatches, readPredictions, countPredictions, batchRow, type PredictionQuery, type LoggedPrediction } from './log-read';
export { predictionStats, type PredictionStats, type ArmStats } from './log-stats';
export { attachLabels, checkLabels, knownPredictionIds, labelsFor, type LabelInput } from './labels';
export { ServingService, type ServingOptions } from './service';
export { batchScore, batchVersion, LOG_ROWS_MAX, CHUNK_ROWS, type BatchArgs, type BatchSource, type BatchProgress, type BatchHooks, type BatchResult } from './batch';
export { csvToTable } from './batch-csv';
export { suiteCheck } from './suite-check';
export * from './http';
