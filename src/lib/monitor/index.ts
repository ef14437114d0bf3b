/**
 * Public surface of monitoring: monitors and their settings, reference data, windows, the
 * computation of a window's results (drift, quality, performance, software, detections), alert
 * rules and fired alerts, reports, the retraining loop, and the engine that runs it all
 * incrementally and on demand. Drift tests live in stats/, streaming detectors in detectors/.
 */
export * from './types';
export { AUTOMATIONS, DEFAULT_SHARE, DEFAULT_WINDOW, createMonitor, deleteMonitor, endpointOf, getMonitor, listMonitors, requireMonitor, servedVersion, setRules, updateMonitor, type MonitorInput, type MonitorPatch } from './monitors';
export { loadReference, trainingRoot, referenceKey, type Reference, type RefColumn } from './reference';
export { PERIODS, PERIOD_MS, WINDOW_KINDS, checkWindow, describeWindow, periodStart, settle, splitWindows, type WindowSlice } from './windows';
export { readSlice, sliceOf, subSlice, monitorSources, type LogSlice } from './slice';
export { computeWindow, windowValues, type ComputeContext } from './compute';
export { chooseTest, checkColumnSetting, columnDrift, datasetDriftOf, driftSeverity, testById, testIds, testMeta } from './drift';
export { windowQuality, qualityFigures, qualityRef, type QualityRef } from './quality';
export { windowPerformance, type ModelInfo } from './performance';
export { windowSoftware, modelBytes } from './software';
export { feedStreams, newStreams, scaleOf, ERROR_DETECTORS, FEATURE_DETECTORS, RESIDUAL_DETECTORS, type Detection, type StreamState } from './streams';
export { FIXED_METRICS, RULE_OPS, breaks, checkRule, checkRuleMetric, describeRule, metricValue, streaks, type Streak } from './rules';
export { MANUAL_RETRAIN, acknowledgeAlert, appendAction, fireAlerts, getAlert, listAlerts, manualRecord } from './alerts';
export { MONITOR_CHANNEL, lastResult, postMonitor, readResults, replaceResults, type MonitorMessage } from './store';
export { buildReport, renderReportHTML, reportData, reportHTML, reportJSON, type MonitorReport, type ReportRange } from './report';
export { labelledVersion, type LabelledVersion } from './labelled';
export { CHALLENGER, RETRAIN_STAGES, retrain, type RetrainHooks, type RetrainOutcome, type RetrainRequest, type RetrainStage } from './retrain';
export { applyPlan, featurePlan, recipePlan, splitFeatures, trainPlan } from './retrain-plan';
export { holdoutFor, type Holdout } from './holdout';
export { MonitorEngine, PREDICTIONS_CHANNEL, type EngineOptions } from './engine';
