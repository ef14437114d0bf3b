import { describe, expect, it } from 'vitest';
import { mlp } from '../../../src/lib/ml/models/mlp';
import { logisticRegression } from '../../../src/lib/ml/models/logistic-regression';
import { parseSpaceText, spaceText } from '../../../src/lib/ml/space-text';

const spec = (def: { params: readonly { name: string }[] }, name: string) => def.params.find((p) => p.name === name) as Parameters<typeof parseSpaceText>[0];

describe('search space text', () => {
  const C = spec(logisticRegression, 'C');
  const hidden = spec(mlp, 'hidden_layer_sizes');

  it('reads lists and ranges, and writes them back', () => {
    expect(parseSpaceText(C, '0.01, 0.1,1', 'grid')).toEqual({ entry: [0.01, 0.1, 1] });
    expect(parseSpaceText(C, '0.001 .. 10 log', 'random')).toEqual({ entry: { min: 0.001, max: 10, log: true } });
    expect(spaceText({ min: 0.001, max: 10, log: true })).toBe('0.001 .. 10 log');
    expect(parseSpaceText(C, '', 'grid')).toEqual({});
  });

  it('refuses what is not a value of the parameter, naming it', () => {
    expect(parseSpaceText(C, '0.1, abc', 'grid').error).toMatch(/C: "abc" is not a number/);
    expect(parseSpaceText(C, '1 .. 10', 'grid').error).toMatch(/range is for random search/);
    expect(parseSpaceText(C, '10 .. 1', 'random').error).toMatch(/low < high/);
    expect(parseSpaceText(C, '0 .. 1 log', 'random').error).toMatch(/log range needs low > 0/);
  });

  it('keeps choices that hold commas whole: greedy on known values, or ; as the separator', () => {
    expect(parseSpaceText(hidden, '64,32, 128,64', 'grid')).toEqual({ entry: ['64,32', '128,64'] });
    expect(parseSpaceText(hidden, '100, 64,32', 'grid')).toEqual({ entry: ['100', '64,32'] });
    expect(parseSpaceText(hidden, '64,32; 100', 'grid')).toEqual({ entry: ['64,32', '100'] });
    expect(spaceText(['64,32', '100'])).toBe('64,32; 100');
  });
});
