/**
 * Checks of an imported run's metric history (keys, whole steps, one value per key and step,
 * numbers or the strings "Infinity" / "-Infinity") and artifacts (paths, encodings, base64 data
 * whose byte length matches the recorded size).
 */
import { bad, int, list, num, obj, oneOf, rule, str } from './exchange-check';
import { byteLength, decodeNumber, fromBase64, type MetricPoint, type PathArtifact } from './exchange-format';
import { checkKey } from './keys';

export function metricValue(v: unknown, path: string): number {
  const n = decodeNumber(v);
  if (n === undefined) bad(path, v, "expected a number (or 'Infinity' / '-Infinity')");
  return n;
}

export function checkMetrics(v: unknown, path: string): MetricPoint[] {
  const seen = new Set<string>();
  return list(v, path).map((x, i) => {
    const at = `${path}[${i}]`;
    const m = obj(x, at);
    const key = str(m.key, `${at}.key`);
    rule(`${at}.key`, () => checkKey('metric', key));
    const step = int(m.step, `${at}.step`);
    if (seen.has(`${step}:${key}`)) bad(`${at}.step`, step, `metric '${key}' already has a value at this step in the file`);
    seen.add(`${step}:${key}`);
    return { key, step, value: metricValue(m.value, `${at}.value`), timestamp: num(m.timestamp, `${at}.timestamp`) };
  });
}

export function checkArtifacts(v: unknown, path: string): PathArtifact[] {
  const seen = new Set<string>();
  return list(v, path).map((x, i) => {
    const at = `${path}[${i}]`;
    const a = obj(x, at);
    const p = str(a.path, `${at}.path`);
    rule(`${at}.path`, () => checkKey('tag', p));
    if (seen.has(p)) bad(`${at}.path`, p, 'another artifact of this run has the same path');
    seen.add(p);
    const encoding = oneOf(a.encoding, `${at}.encoding`, ['utf8', 'base64'] as const, 'encodings');
    const text = str(a.data, `${at}.data`);
    let data: ArrayBuffer | string = text;
    if (encoding === 'base64') {
      try {
        data = fromBase64(text);
      } catch {
        bad(`${at}.data`, text, 'expected base64 (the file is corrupted)');
      }
    }
    const size = int(a.size, `${at}.size`);
    if (size !== byteLength(data)) bad(`${at}.size`, size, `the data holds ${byteLength(data)} bytes (the file is corrupted)`);
    return { path: p, mediaType: str(a.mediaType, `${at}.mediaType`), data, size, created: num(a.created, `${at}.created`) };
  });
}
