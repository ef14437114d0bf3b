import { ParseError } from '../errors';

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array, line: number): string {
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    throw new ParseError('INVALID_UTF8', `The file is not valid UTF-8 (near line ${line}). Save it as UTF-8 and import again.`, { line });
  }
}

function parseRecord(text: string, line: number, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ParseError('BAD_JSON', `Invalid JSON in ${what} at line ${line}: ${(e as Error).message}`, { line });
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new ParseError('BAD_JSON', `The ${what} at line ${line} is not an object: each record must be {"column": value, ...}.`, { line });
  }
  return v as Record<string, unknown>;
}

/** The unfinished bytes of the last push followed by the new chunk. */
function join(rest: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (rest.length === 0) return chunk;
  const buf = new Uint8Array(rest.length + chunk.length);
  buf.set(rest);
  buf.set(chunk, rest.length);
  return buf;
}

/**
 * Streams the objects of a top-level JSON array ([{...}, {...}]) out of byte chunks without
 * holding the whole text: each element is cut out by bracket depth and parsed on its own.
 */
export class JsonArraySplitter {
  private rest = new Uint8Array(0);
  private started = false;
  private ended = false;
  private line = 1;
  private count = 0;
  constructor(private readonly onRecord: (r: Record<string, unknown>, line: number) => boolean | void) {}

  push(chunk: Uint8Array, final = false): boolean {
    const buf = join(this.rest, chunk);
    let i = 0;
    const n = buf.length;
    if (!this.started) {
      if (n < 3 && !final) { this.rest = buf.slice(); return true; }
      if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
      while (i < n && buf[i] <= 32) { if (buf[i] === 10) this.line++; i++; }
      if (i >= n) { this.rest = buf.slice(i); return this.finish(final); }
      if (buf[i] !== 0x5b) throw new ParseError('BAD_JSON', `Expected a JSON array of records starting with "[" at line ${this.line}.`, { line: this.line });
      this.started = true;
      i++;
    }
    for (;;) {
      while (i < n && (buf[i] <= 32 || buf[i] === 0x2c)) { if (buf[i] === 10) this.line++; i++; }
      if (i >= n) break;
      if (buf[i] === 0x5d) { this.ended = true; i = n; break; }
      if (buf[i] !== 0x7b) throw new ParseError('BAD_JSON', `Record ${this.count + 1} at line ${this.line} is not an object: each element of the array must be {"column": value, ...}.`, { line: this.line });
      const start = i;
      const startLine = this.line;
      let depth = 0, inStr = false, lines = 0, j = i;
      for (; j < n; j++) {
        const c = buf[j];
        if (c === 10) lines++;
        if (inStr) {
          if (c === 0x5c) j++;
          else if (c === 0x22) inStr = false;
        } else if (c === 0x22) inStr = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) { depth--; if (depth === 0) break; }
      }
      if (j >= n) { i = start; break; }
      this.line += lines;
      this.count++;
      const rec = parseRecord(decode(buf.subarray(start, j + 1), startLine), startLine, `record ${this.count}`);
      i = j + 1;
      if (this.onRecord(rec, startLine) === false) { this.rest = new Uint8Array(0); return false; }
    }
    this.rest = i < n ? buf.slice(i) : new Uint8Array(0);
    return this.finish(final);
  }

  private finish(final: boolean): boolean {
    if (final && !this.ended) {
      const what = this.rest.length > 0 ? 'a record is cut off' : 'the closing "]" is missing';
      throw new ParseError('BAD_JSON', `The JSON array ends early at line ${this.line}: ${what}.`, { line: this.line });
    }
    return true;
  }
}

/** Streams NDJSON: one JSON object per line; blank lines are skipped. */
export class NdjsonSplitter {
  private rest = new Uint8Array(0);
  private line = 1;
  constructor(private readonly onRecord: (r: Record<string, unknown>, line: number) => boolean | void) {}

  push(chunk: Uint8Array, final = false): boolean {
    const buf = join(this.rest, chunk);
    let i = 0;
    if (this.line === 1 && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
    for (;;) {
      let nl = buf.indexOf(10, i);
      if (nl < 0) { if (!final || i >= buf.length) break; nl = buf.length; }
      const text = decode(buf.subarray(i, nl), this.line).trim();
      const line = this.line++;
      i = nl + 1;
      if (text !== '' && this.onRecord(parseRecord(text, line, 'line'), line) === false) return false;
      if (i >= buf.length) break;
    }
    this.rest = i < buf.length ? buf.slice(i) : new Uint8Array(0);
    return true;
  }
}
