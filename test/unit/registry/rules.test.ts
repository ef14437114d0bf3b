import { describe, expect, it } from 'vitest';
import { errorInfo } from '../../../src/lib/errors';
import { checkAlias, checkModelName, checkStage, checkTag, checkVersionNumber, isOverrideReason } from '../../../src/lib/registry/rules';

const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return errorInfo(e);
  }
  throw new Error('expected a refusal');
};

describe('registry name rules', () => {
  it('accepts model names that fit in an API path', () => {
    for (const ok of ['churn', 'Churn_v2', 'iris.logreg', 'a', '9lives', 'x'.repeat(100)]) expect(checkModelName(ok)).toBe(ok);
  });

  it('refuses model names with spaces, slashes, @, a leading dot or over 100 characters', () => {
    for (const bad of ['', ' churn', 'my model', 'a/b', 'm@champion', '.hidden', '-x', 'x'.repeat(101), 'é']) {
      const e = refused(() => checkModelName(bad));
      expect(e.code).toBe('BAD_REGISTRY');
      expect(e.message).toContain('not a valid model name');
      expect(e.detail.field).toBe('name');
    }
    expect(refused(() => checkModelName(42)).code).toBe('BAD_REGISTRY');
  });

  it('accepts lower-case aliases and refuses others, naming the rule', () => {
    for (const ok of ['champion', 'challenger', 'blue-green', 'canary_2', 'a']) expect(checkAlias(ok)).toBe(ok);
    for (const bad of ['Champion', '2nd', '', 'with space', 'a'.repeat(65), '-x']) {
      const e = refused(() => checkAlias(bad));
      expect(e.code).toBe('BAD_REGISTRY');
      expect(e.message).toMatch(/lower-case letters/);
    }
  });

  it('reserves latest and v<number> as MLflow does', () => {
    for (const bad of ['latest', 'v1', 'v42']) expect(refused(() => checkAlias(bad)).message).toMatch(/reserved/);
    expect(checkAlias('v1beta')).toBe('v1beta');
    expect(checkAlias('vip')).toBe('vip');
  });

  it('knows the four stages and lists them when given another', () => {
    expect(checkStage('Production')).toBe('Production');
    const e = refused(() => checkStage('production'));
    expect(e.message).toBe('Unknown stage "production"; stages are None, Staging, Production, Archived.');
    expect(e.detail.choices).toEqual(['None', 'Staging', 'Production', 'Archived']);
  });

  it('checks version numbers and tags', () => {
    expect(checkVersionNumber(3)).toBe(3);
    for (const bad of [0, -1, 1.5, '2', NaN]) expect(refused(() => checkVersionNumber(bad)).detail.field).toBe('version');
    expect(() => checkTag('team', 'fraud')).not.toThrow();
    expect(refused(() => checkTag('  ', 'x')).code).toBe('BAD_REGISTRY');
    expect(refused(() => checkTag('k', 'x'.repeat(5001))).message).toMatch(/5,000/);
  });

  it('an override reason needs at least 10 characters once trimmed', () => {
    expect(isOverrideReason('hotfix')).toBe(false);
    expect(isOverrideReason('   ten chars   '.slice(0, 12))).toBe(false);
    expect(isOverrideReason('0123456789')).toBe(true);
    expect(isOverrideReason('          x')).toBe(false);
    expect(isOverrideReason(undefined)).toBe(false);
  });
});
