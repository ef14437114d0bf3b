/**
 * The filter tokenizer. A key is one token — `metrics.rmse`, metrics.`f1 score`, params."model-type",
 * tags.mlflow.source — holding its prefix and name, so the parser sees whole keys; a bare word is a
 * keyword (case-insensitive) or an attribute name. Errors point at the offending character.
 */
import { fail } from './ast';

export const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'LIKE', 'ILIKE', 'IS', 'NULL', 'ORDER', 'BY', 'ASC', 'DESC']);

export type Token =
  | { readonly type: 'key'; readonly pos: number; readonly text: string; readonly prefix: string | null; readonly name: string; readonly namePos: number }
  | { readonly type: 'word' | 'op' | 'punct'; readonly pos: number; readonly text: string; readonly value: string }
  | { readonly type: 'str'; readonly pos: number; readonly text: string; readonly value: string }
  | { readonly type: 'num'; readonly pos: number; readonly text: string; readonly value: number }
  | { readonly type: 'end'; readonly pos: number; readonly text: '' };

const WORD_START = /[A-Za-z_]/;
const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const KEY_NAME = /[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*/y;
const NUMBER = /[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/y;
const OPS = ['!=', '<=', '>=', '=', '<', '>'];
/** Operators from other languages, and what to write instead. */
const MISTAKES: ReadonlyMap<string, string> = new Map([['==', '='], ['<>', '!='], ['&&', 'AND'], ['||', 'OR']]);
const isQuote = (ch: string | undefined): boolean => ch === "'" || ch === '"' || ch === '`';
const HINT = 'Keys with spaces, dashes or other characters go in backticks, e.g. metrics.`f1-score`.';

/** Splits a filter into tokens; the last one has type 'end'. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const match = (re: RegExp): string => { re.lastIndex = i; const m = re.exec(src); return m ? m[0] : ''; };
  /** Reads a quoted text starting at i (the opening quote); returns its value and moves past it. */
  const quotedText = (what: string): string => {
    const start = i, q = src[i];
    let value = '';
    for (i++; src[i] !== q; i++) {
      if (i >= src.length) throw fail(src, start, src.length - start, `Unclosed ${what} starting at position ${start}: add the closing ${q}.`, q);
      if (src[i] === '\\' && (isQuote(src[i + 1]) || src[i + 1] === '\\')) i++;
      value += src[i];
    }
    i++;
    return value;
  };
  while (i < src.length) {
    const c = src[i], start = i;
    if (/\s/.test(c)) { i++; continue; }
    if (WORD_START.test(c)) {
      const word = match(WORD);
      i += word.length;
      if (src[i] !== '.') {
        const upper = word.toUpperCase();
        if (KEYWORDS.has(upper)) out.push({ type: 'word', pos: start, text: word, value: upper });
        else out.push({ type: 'key', pos: start, text: word, prefix: null, name: word, namePos: start });
        continue;
      }
      const namePos = ++i;
      let name: string;
      if (isQuote(src[i])) name = quotedText('key name');
      else {
        name = match(KEY_NAME);
        if (!name) {
          const found = i < src.length ? `'${src[i]}'` : 'the end of the filter';
          throw fail(src, i, 1, `Expected a key name after '${word}.' at position ${i}: found ${found}. ${HINT}`, 'a key name');
        }
        i += name.length;
      }
      out.push({ type: 'key', pos: start, text: src.slice(start, i), prefix: word, name, namePos });
    } else if (c === '`') {
      const name = quotedText('key name');
      out.push({ type: 'key', pos: start, text: src.slice(start, i), prefix: null, name, namePos: start });
    } else if (c === '"' || c === "'") {
      const value = quotedText('string');
      out.push({ type: 'str', pos: start, text: src.slice(start, i), value });
    } else if (/[\d.+-]/.test(c) && match(NUMBER)) {
      const text = match(NUMBER);
      i += text.length;
      out.push({ type: 'num', pos: start, text, value: Number(text) });
    } else if (c === '(' || c === ')' || c === ',') {
      i++;
      out.push({ type: 'punct', pos: start, text: c, value: c });
    } else {
      const two = src.slice(i, i + 2), instead = MISTAKES.get(two);
      if (instead) throw fail(src, start, 2, `Unknown operator '${two}' at position ${start}: write ${instead}.`, instead);
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) {
        const ch = String.fromCodePoint(src.codePointAt(i) ?? 0);
        throw fail(src, start, ch.length, `Unexpected '${ch}' at position ${start}. Expected a key, an operator (=, !=, <, <=, >, >=), a quoted string, a number, a parenthesis or a comma. ${HINT}`, 'a key, an operator, a value, a parenthesis or a comma');
      }
      i += op.length;
      out.push({ type: 'op', pos: start, text: op, value: op });
    }
  }
  out.push({ type: 'end', pos: src.length, text: '' });
  return out;
}
