/**
 * Streaming change detectors: DDM and EDDM over 0/1 error streams, ADWIN, Page-Hinkley and KSWIN
 * over numeric streams, each behind the `Detector` contract (../types.ts) and listed in registry.ts.
 */
export { DETECTORS, createDetector, detectorDef, detectorDefaults } from './registry';
export type { DetectorDef, DetectorParamSpec, DetectorParams, DetectorStream } from './def';
export { DDM, type DDMOptions } from './ddm';
export { EDDM, type EDDMOptions } from './eddm';
export { ADWIN, type ADWINOptions } from './adwin';
export { PageHinkley, PH_MODES, type PageHinkleyOptions } from './page-hinkley';
export { KSWIN, type KSWINOptions } from './kswin';
