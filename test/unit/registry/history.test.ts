import { describe, expect, it } from 'vitest';
import { describeTransition } from '../../../src/lib/registry/history';
import type { TransitionRecord } from '../../../src/lib/registry/types';

const t = (kind: TransitionRecord['kind'], version: number | null, detail: Record<string, unknown> = {}): TransitionRecord => ({ name: 'm', version, kind, detail, reason: '', time: 0 });

describe('transition descriptions', () => {
  it('says what changed in one line', () => {
    expect(describeTransition(t('create', null))).toBe('model "m" created');
    expect(describeTransition(t('create', 2, { runId: 'r1' }))).toBe('version 2 created from run r1');
    expect(describeTransition(t('import', 3, { fileName: 'm-v1.zip' }))).toBe('version 3 imported from m-v1.zip');
    expect(describeTransition(t('alias-set', 2, { alias: 'champion', from: null, to: 2 }))).toBe('@champion set to version 2');
    expect(describeTransition(t('alias-set', 3, { alias: 'champion', from: 2, to: 3 }))).toBe('@champion moved from version 2 to 3');
    expect(describeTransition(t('alias-removed', 3, { alias: 'challenger', from: 3 }))).toBe('@challenger removed (was version 3)');
    expect(describeTransition(t('stage', 1, { from: 'Production', to: 'Archived', archivedBy: 2 }))).toBe('version 1 moved from Production to Archived (archived when version 2 went to Production)');
    const result = { passed: false, rows: 200, checks: [{ passed: true }, { passed: false }] };
    expect(describeTransition(t('gate', 3, { result }))).toBe('gate failed for version 3 (1/2 checks on 200 rows)');
    expect(describeTransition(t('override', 3, { target: '@champion' }))).toBe('gate overridden to make version 3 @champion');
    expect(describeTransition(t('delete', null, { what: 'model', versions: [1, 2] }))).toBe('model deleted (versions 1, 2)');
    expect(describeTransition(t('delete', 4, { what: 'version' }))).toBe('version 4 deleted');
  });
});
