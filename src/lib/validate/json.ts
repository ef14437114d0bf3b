/** Suites as JSON files: what is stored, exported and reused by serving and monitoring. */
import { BenchtopError } from '../errors';
import { show } from './params';
import { validateParams } from './problems';
import type { Expectation, Suite } from './types';

export const SUITE_FORMAT = 'benchtop-suite';
export const SUITE_FORMAT_VERSION = 1;

export function suiteToJson(suite: Suite): string {
  const { id, name, version, createdFrom, expectations } = suite;
  return JSON.stringify({ format: SUITE_FORMAT, formatVersion: SUITE_FORMAT_VERSION, id, name, version, createdFrom, expectations }, null, 2);
}

function bad(message: string, detail: Record<string, unknown> = {}): never {
  throw new BenchtopError('BAD_SCHEMA', `Not a valid suite: ${message}`, detail);
}

/**
 * Reads a suite written by suiteToJson. Throws BAD_JSON for text that is not JSON, BAD_SCHEMA
 * for a wrong shape, an unknown expectation type or invalid params (each problem named).
 */
export function suiteFromJson(text: string): Suite {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new BenchtopError('BAD_JSON', `Not a valid suite: the text is not JSON (${(err as Error).message}).`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) bad(`expected a JSON object; got ${show(raw)}.`);
  const o = raw as Record<string, unknown>;
  if (o.format !== SUITE_FORMAT) bad(`"format" must be "${SUITE_FORMAT}"; got ${show(o.format)}.`);
  if (typeof o.formatVersion !== 'number' || o.formatVersion > SUITE_FORMAT_VERSION) {
    bad(`"formatVersion" ${show(o.formatVersion)} is not one this Benchtop reads (up to ${SUITE_FORMAT_VERSION}); it may come from a newer Benchtop.`);
  }
  if (typeof o.id !== 'string' || o.id === '') bad(`"id" must be a non-empty string; got ${show(o.id)}.`);
  if (typeof o.name !== 'string') bad(`"name" must be a string; got ${show(o.name)}.`);
  if (typeof o.version !== 'number' || !Number.isInteger(o.version) || o.version < 1) bad(`"version" must be a whole number ≥ 1; got ${show(o.version)}.`);
  if (o.createdFrom !== undefined && typeof o.createdFrom !== 'string') bad(`"createdFrom" must be a dataset version id (a string); got ${show(o.createdFrom)}.`);
  if (!Array.isArray(o.expectations)) bad(`"expectations" must be a list; got ${show(o.expectations)}.`);
  const expectations = (o.expectations as unknown[]).map(readExpectation);
  validateParams(expectations);
  return { id: o.id as string, name: o.name as string, version: o.version as number, ...(o.createdFrom ? { createdFrom: o.createdFrom as string } : {}), expectations };
}

/** Keeps the known fields of an expectation (problems with them are reported by validateParams). */
function readExpectation(e: unknown, index: number): Expectation {
  if (!e || typeof e !== 'object' || Array.isArray(e)) bad(`expectation #${index + 1} must be an object; got ${show(e)}.`, { index });
  const { id, type, column, params, note } = e as Record<string, unknown>;
  if (note !== undefined && typeof note !== 'string') bad(`expectation #${index + 1}: "note" must be a string; got ${show(note)}.`, { index });
  return { id, type, ...(column !== undefined ? { column } : {}), params, ...(note !== undefined ? { note } : {}) } as Expectation;
}
