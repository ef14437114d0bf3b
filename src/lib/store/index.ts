export * from './schema';
export * from './db';
export * from './datasets';
export * from './versions';
export * from './staging';
export * from './importer';
export * from './rows';
export * from './lineage';
