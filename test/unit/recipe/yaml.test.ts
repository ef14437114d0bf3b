/** YAML export and import: readable, round-trips exactly, and every error names its line. */
import { describe, expect, it } from 'vitest';
import { applyRecipe, fitRecipe, recipeHash, type Recipe } from '../../../src/lib/recipe/recipe';
import { toRecords } from '../../../src/lib/recipe/table';
import { recipeFromYaml, recipeToYaml } from '../../../src/lib/recipe/yaml';
import { recipeError, test, train } from './helpers';

const recipe: Recipe = {
  version: 1,
  steps: [
    { type: 'drop-duplicates', params: {} },
    { type: 'impute', params: { columns: ['num', 'cnt'], strategy: 'median' } },
    { type: 'impute', params: { columns: ['color'], strategy: 'constant', fill_value: 'true' } },
    { type: 'filter-rows', params: { condition: 'color != "yellow" and `num` > -10' } },
    { type: 'clip', params: { columns: ['skew'], method: 'fixed', lower: 0, upper: 1e-3 } },
    { type: 'one-hot', params: { columns: ['cat'], max_categories: 4, handle_unknown: 'other' } },
    { type: 'bucketize', params: { columns: ['lin', 'const'], n_bins: 3, strategy: 'uniform' } },
    { type: 'date-parts', params: { columns: ['when'], parts: ['hour'], drop_original: false } },
    { type: 'derived', params: { name: 'odd: name #1', expression: "if(cnt > 2, 1, 0) + (color == 'red')" } },
  ],
};

describe('recipeToYaml', () => {
  it('writes one list item per step, type first, then parameters; short lists on one line', () => {
    const text = recipeToYaml(recipe);
    expect(text).toContain('version: 1\nsteps:\n  - type: drop-duplicates\n  - type: impute\n    columns: [ num, cnt ]\n    strategy: median\n');
    expect(text).toContain('    fill_value: "true"\n'); // a string that looks like a boolean stays a string
    expect(text).not.toContain('fitted:');
  });

  it('includes fitted state and the input and output columns of a fitted recipe', () => {
    const text = recipeToYaml(fitRecipe(recipe, train()));
    expect(text).toMatch(/ {2}- type: impute\n {4}columns: \[ num, cnt \]\n {4}strategy: median\n {4}fitted:\n {6}fills:\n {8}- \{ column: num, value: [\d.]+ \}\n/);
    expect(text).toMatch(/\ninput:\n {2}- \{ name: num, type: float, role: feature \}\n/);
    expect(text).toContain('names: [ cat=alpha, cat=beta, cat=gamma, cat=(other) ]');
  });
});

describe('recipeFromYaml', () => {
  it('round-trips a recipe exactly (deep-equal, same hash)', async () => {
    const back = recipeFromYaml(recipeToYaml(recipe));
    expect(back).toEqual(recipe);
    expect(await recipeHash(back)).toBe(await recipeHash(recipe));
  });

  it('round-trips a fitted recipe exactly, and the imported one transforms identically', () => {
    const fitted = fitRecipe(recipe, train());
    const back = recipeFromYaml(recipeToYaml(fitted));
    expect(back).toEqual(fitted);
    expect(toRecords(applyRecipe(back, test()))).toEqual(toRecords(applyRecipe(fitted, test())));
  });

  it('reads hand-written YAML: flow or block lists, comments, defaults left out', () => {
    const r = recipeFromYaml(['# my recipe', 'version: 1', 'steps:', '  - type: standardize  # scale', '    columns:', '      - num', '      - lin', '  - {type: log1p, columns: [skew]}', ''].join('\n'));
    expect(r).toEqual({ version: 1, steps: [{ type: 'standardize', params: { columns: ['num', 'lin'] } }, { type: 'log1p', params: { columns: ['skew'] } }] });
    expect(recipeFromYaml('version: 1\nsteps: []\n')).toEqual({ version: 1, steps: [] });
  });

  const lines = (...l: string[]) => l.join('\n') + '\n';
  it.each<[string, string, RegExp, number]>([
    ['an unknown step type (with a suggestion)',
      lines('version: 1', 'steps:', '  - type: impute', '    strategy: mean', '  - type: log1p', '', '  - type: standardise', '    columns: [num]'),
      /^Line 7: unknown step type "standardise" \(did you mean "standardize"\?\): valid types are drop-columns, filter-rows, drop-duplicates, impute, /, 7],
    ['a bad choice, on the line of that parameter',
      lines('version: 1', 'steps:', '  - type: minmax', '  - type: impute', '    columns: [num]', '', '    strategy: avg'),
      /^Line 7: impute.strategy must be one of mean, median, most_frequent, constant; got "avg"$/, 7],
    ['an unknown parameter', lines('version: 1', 'steps:', '  - type: clip', '    lower: 0', '    uper: 3'),
      /^Line 5: clip has no parameter "uper": valid parameters are columns, method, lower, upper, lower_quantile, upper_quantile$/, 5],
    ['a wrong kind', lines('version: 1', 'steps:', '  - type: bucketize', '    n_bins: 2.5'), /^Line 4: bucketize.n_bins must be a whole number from 2 to 1000; got 2.5$/, 4],
    ['a missing required parameter', lines('version: 1', 'steps:', '  - type: derived', '    name: ratio'), /^Line 3: derived.expression is required/, 3],
    ['a step without type', lines('version: 1', 'steps:', '  - type: log1p', '  - columns: [num]'), /^Line 4: step 2 has no `type:`; valid types are /, 4],
    ['a step that is not a mapping', lines('version: 1', 'steps:', '  - standardize'), /^Line 3: step 1 must be a mapping starting with `type:`/, 3],
    ['steps not a list', lines('version: 1', 'steps:', '  type: log1p'), /^Line 3: `steps:` must be a list/, 3],
    ['another version', lines('version: 2', 'steps: []'), /^Line 1: unsupported recipe version 2: this Benchtop reads version 1$/, 1],
    ['no version', lines('# nothing', 'steps: []'), /^Line 2: the recipe has no `version:`/, 2],
    ['an unknown top-level key', lines('version: 1', 'step: []'), /^Line 2: unknown key "step": a recipe has version, steps, input, output$/, 2],
    ['a duplicate key', lines('version: 1', 'steps:', '  - type: impute', '    strategy: mean', '    strategy: median'), /^Line 5: Map keys must be unique/, 5],
    ['broken YAML syntax', lines('version: 1', 'steps:', '  - type: impute', '    columns: [num, cnt', '  - type: log1p'), /^Line 5: /, 5],
    ['a fitted state that is not a mapping', lines('version: 1', 'steps:', '  - type: standardize', '    fitted: 3'), /^Line 4: standardize.fitted must be a mapping/, 4],
    ['fitted state on a step that learns nothing', lines('version: 1', 'steps:', '  - type: log1p', '    fitted: { a: 1 }'), /^Line 4: log1p learns nothing from the training rows, so it takes no `fitted:`; remove it$/, 4],
    ['a bad output column type', lines('version: 1', 'steps: []', 'input:', '  - { name: a, type: float, role: feature }', 'output:', '  - { name: a, type: floaty, role: feature }'),
      /^Line 6: output column "a": type must be one of integer, float, boolean/, 6],
    ['not a mapping at all', '- just\n- a list\n', /^Line 1: a recipe is a mapping/, 1],
  ])('names the line of %s', (_, text, message, line) => {
    const e = recipeError(() => recipeFromYaml(text));
    expect(e.message).toMatch(message);
    expect(e.detail.line).toBe(line);
  });
});
