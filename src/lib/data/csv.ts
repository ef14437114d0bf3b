import { ParseError } from '../errors';

/** Byte offsets of the fields of one record, valid only during the `onRecord` callback. */
export interface RecordRef {
  buf: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** Per field: 1 quoted, 2 quoted and holds doubled quotes that must be unescaped. */
  flags: Uint8Array;
  count: number;
  /** 1-based physical line where the record starts. */
  line: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Streaming RFC 4180 tokenizer over UTF-8 bytes: quoted fields may hold delimiters, doubled
 * quotes and newlines; CRLF, LF and CR line ends; a record may span input chunks. Fields are
 * handed out as byte ranges, never as strings.
 */
export class CsvTokenizer {
  private rest: Uint8Array = new Uint8Array(0);
  private line = 1;
  private skipLF = false;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private flags = new Uint8Array(64);
  readonly delimiter: number;

  constructor(
    delimiter: string,
    private readonly onRecord: (r: RecordRef) => boolean | void,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Physical lines consumed so far (for progress and error messages). */
  get lines(): number {
    return this.line;
  }

  /** Feeds the next chunk. `final` flushes the last record (which may lack a newline). Returns false if stopped by the callback. */
  push(chunk: Uint8Array, final = false): boolean {
    let buf: Uint8Array;
    let start = 0;
    if (this.rest.length === 0) buf = chunk;
    else {
      // Finish the record that straddles the chunks on a small joined buffer, then scan the new
      // chunk in place: copying every chunk whole would double the bytes moved.
      const head = Math.min(chunk.length, Math.max(4096, this.rest.length));
      const joined = new Uint8Array(this.rest.length + head);
      joined.set(this.rest, 0);
      joined.set(chunk.subarray(0, head), this.rest.length);
      const lastPiece = head === chunk.length;
      const used = this.scan(joined, final && lastPiece, 0);
      if (used < 0) return false;
      if (used > this.rest.length || lastPiece) {
        if (lastPiece) {
          this.rest = used < joined.length ? joined.slice(used) : new Uint8Array(0);
          if (final && this.rest.length > 0) throw this.unterminated();
          return true;
        }
        buf = chunk;
        start = used - this.rest.length;
      } else {
        // The straddling record is longer than the head: join it all.
        buf = new Uint8Array(this.rest.length + chunk.length);
        buf.set(this.rest, 0);
        buf.set(chunk, this.rest.length);
      }
    }
    const consumed = this.scan(buf, final, start);
    if (consumed < 0) return false;
    this.rest = consumed < buf.length ? buf.slice(consumed) : new Uint8Array(0);
    if (final && this.rest.length > 0) throw this.unterminated();
    return true;
  }

  private unterminated(): ParseError {
    return new ParseError('RAGGED_ROW', `Unterminated quoted field starting at line ${this.line}: a closing " is missing.`, { line: this.line });
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const s = new Int32Array(n); s.set(this.starts); this.starts = s;
    const e = new Int32Array(n); e.set(this.ends); this.ends = e;
    const f = new Uint8Array(n); f.set(this.flags); this.flags = f;
  }

  /** Returns bytes consumed (up to the last complete record), or -1 when the callback stopped. */
  private scan(buf: Uint8Array, final: boolean, from: number): number {
    const d = this.delimiter;
    const n = buf.length;
    let i = from;
    if (this.skipLF && n > i) {
      if (buf[i] === LF) i++;
      this.skipLF = false;
    }
    let recordStart = i;
    let line = this.line;
    let recordLine = line;
    const ref: RecordRef = { buf, starts: this.starts, ends: this.ends, flags: this.flags, count: 0, line };
    outer: while (i < n) {
      // Start of a record.
      recordStart = i;
      recordLine = line;
      let count = 0;
      for (;;) {
        // Start of a field.
        if (count === this.starts.length) { this.grow(); ref.starts = this.starts; ref.ends = this.ends; ref.flags = this.flags; }
        if (i < n && buf[i] === QUOTE) {
          const fs = i + 1;
          let j = fs;
          let escaped = false;
          let newlines = 0;
          for (;;) {
            const q = buf.indexOf(QUOTE, j);
            if (q < 0) { if (!final) break outer; else { this.line = recordLine; return recordStart; } }
            for (let k = j; k < q; k++) if (buf[k] === LF || (buf[k] === CR && buf[k + 1] !== LF)) newlines++;
            if (q + 1 < n && buf[q + 1] === QUOTE) { escaped = true; j = q + 2; continue; }
            if (q + 1 >= n && !final) break outer; // cannot tell yet whether "" follows
            this.starts[count] = fs;
            this.ends[count] = q;
            this.flags[count] = escaped ? 2 : 1;
            i = q + 1;
            break;
          }
          line += newlines;
          // Lenient: bytes between the closing quote and the delimiter are dropped.
          while (i < n && buf[i] !== d && buf[i] !== LF && buf[i] !== CR) i++;
        } else {
          const fs = i;
          while (i < n) {
            const c = buf[i];
            if (c === d || c === LF || c === CR) break;
            i++;
          }
          this.starts[count] = fs;
          this.ends[count] = i;
          this.flags[count] = 0;
        }
        count++;
        if (i >= n) {
          if (!final) break outer;
          break; // last record without newline
        }
        const c = buf[i];
        if (c === d) { i++; if (i >= n && !final) break outer; if (i >= n) { if (count === this.starts.length) { this.grow(); ref.starts = this.starts; ref.ends = this.ends; ref.flags = this.flags; } this.starts[count] = i; this.ends[count] = i; this.flags[count] = 0; count++; break; } continue; }
        // Line end.
        i++;
        if (c === CR) {
          if (i < n) { if (buf[i] === LF) i++; } else if (!final) this.skipLF = true;
        }
        line++;
        break;
      }
      ref.count = count;
      ref.line = recordLine;
      this.line = line;
      if (this.onRecord(ref) === false) return -1;
      if (i >= n) return n;
    }
    this.line = recordLine;
    // Incomplete record: the caller keeps buf[recordStart..] for the next chunk.
    return recordStart;
  }
}

/** Unescapes a quoted field that holds doubled quotes. */
export function unescapeQuotes(s: string): string {
  return s.replaceAll('""', '"');
}
