/** Public surface of data validation suites ("data contracts"). */
export * from './types';
export { EXPECTATIONS, EXPECTATION_TYPES, expectationDef } from './expectations/registry';
export { MAX_EXAMPLES } from './expectations/shared';
export { createChecker } from './checker';
export { expectationProblems, validateParams, type ExpectationProblem } from './problems';
export { generateSuite, createSuite, reviseSuite, newExpectation, type GenerateOptions } from './suite';
export { suiteToJson, suiteFromJson, SUITE_FORMAT, SUITE_FORMAT_VERSION } from './json';
export { runSuite, type RunHooks, type SuiteReport } from './run';
