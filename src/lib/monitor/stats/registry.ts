/**
 * Every drift test, one line each: adding a test is one new file plus one line here. Look tests up
 * with `driftTest(id)`; an unknown id is a BAD_MONITOR error that lists the valid ones.
 */
import { BenchtopError } from '../../errors';
import type { DriftTest } from '../types';
import { anderson } from './anderson';
import { chisquare } from './chisquare';
import { cvm } from './cvm';
import { hellinger } from './hellinger';
import { jensenshannon } from './jensenshannon';
import { kl } from './kl';
import { ks } from './ks';
import { psi } from './psi';
import { wasserstein } from './wasserstein';
import { z } from './z';

export const DRIFT_TESTS = {
  ks,
  chisquare,
  z,
  jensenshannon,
  wasserstein,
  psi,
  kl,
  hellinger,
  anderson,
  cvm,
} as const satisfies Record<string, DriftTest>;

export type DriftTestId = keyof typeof DRIFT_TESTS;

export const DRIFT_TEST_IDS = Object.keys(DRIFT_TESTS) as DriftTestId[];

export function driftTest(id: string): DriftTest {
  if (!Object.hasOwn(DRIFT_TESTS, id)) {
    throw new BenchtopError('BAD_MONITOR', `Unknown drift test '${id}'. Valid tests: ${DRIFT_TEST_IDS.join(', ')}.`, { method: id, valid: DRIFT_TEST_IDS });
  }
  return DRIFT_TESTS[id as DriftTestId];
}
