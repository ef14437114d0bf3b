/** Experiment tracking: the run logger, run and experiment reads, key rules. */
export * from './keys';
export * from './names';
export * from './experiments';
export * from './runs';
export * from './logger';
export * from './filter';
export * from './exchange';
export * from './mlflow';
export * from './manage';
export * from './table';
