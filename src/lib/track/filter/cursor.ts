/**
 * The parser's view of the tokens: a cursor with look-ahead, error builders that quote the source
 * ("Expected … at position 12: found 'foo'. Operators: …") and key resolution whose errors list
 * the valid prefixes, attributes or dataset fields.
 */
import { fail, quoted, type FilterError, type Key } from './ast';
import { PREFIXES, resolveKey, specOf, type KeySpec } from './keys';
import { tokenize, type Token } from './lex';

export type KeyToken = Token & { type: 'key' };

const found = (t: Token): string =>
  t.type === 'end' ? 'the end of the filter' : t.type === 'str' ? `the string ${t.text}` : t.type === 'num' ? `the number ${t.text}` : quoted(t.text);
/** Where a token ends in the source. */
export const end = (t: Token): number => t.pos + t.text.length;

export class Cursor {
  i = 0;
  readonly src: string;
  private readonly toks: Token[];
  constructor(src: string) {
    this.src = src;
    this.toks = tokenize(src);
  }

  peek(): Token { return this.toks[this.i]; }
  /** The token just consumed. */
  last(): Token { return this.toks[this.i - 1]; }
  /** Whether the next token has this type (and value: an upper-case keyword, an operator or punctuation). */
  is(type: Token['type'], value?: string): boolean {
    const t = this.toks[this.i];
    return t.type === type && (value === undefined || ('value' in t && t.value === value));
  }
  /** Consumes the next token if it is this keyword or punctuation. */
  eat(type: 'word' | 'punct', value: string): boolean {
    if (!this.is(type, value)) return false;
    this.i++;
    return true;
  }

  /** "Expected {what} at position P{why}: found X. {choices}" at token t. */
  expected(what: string, t: Token, choices = '', expected = what, why = ''): FilterError {
    const message = `Expected ${what} at position ${t.pos}${why}: found ${found(t)}.${choices && ` ${choices}`}`;
    return fail(this.src, t.pos, Math.max(t.text.length, 1), message, expected);
  }
  /** An error marking `from`..`to` with a message of its own. */
  error(from: number, to: number, message: string, expected: string): FilterError {
    return fail(this.src, from, to - from, message, expected);
  }

  /** The key a key token names, with its spec; an unknown prefix, attribute or dataset field is an error. */
  key(t: KeyToken): { key: Key; spec: KeySpec } {
    const r = resolveKey(t.prefix, t.name);
    if ('key' in r) return { key: r.key, spec: specOf(r.key) as KeySpec };
    const list = r.choices.join(', ');
    if (r.error === 'prefix') {
      throw this.error(t.pos, t.namePos - 1, `Unknown key type ${quoted(t.prefix ?? '')} in ${t.text} at position ${t.pos}. Prefixes: ${list}`, list);
    }
    const label = r.error === 'attribute' ? 'Attributes' : 'Dataset fields';
    const more = r.error === 'attribute' ? `; other keys need a prefix, e.g. ${PREFIXES.slice(0, 3).map((p) => `${p}.${t.name}`).join(', ')}` : '';
    throw this.error(t.namePos, end(t), `Unknown ${r.error} ${quoted(t.name)} at position ${t.namePos}. ${label}: ${list}${more}.`, list);
  }
}
