import { TemplateProblem } from './template-error.js';

/**
 * The tokens of Go's `text/template` syntax. `text` is what lies between actions (already
 * trimmed by `{{-` and `-}}`); `open` and `close` delimit an action; comments leave no token.
 * `spaceBefore` tells `.A.B` (one chain) from `.A .B` (two operands).
 */
export type TokenKind =
  | 'text'
  | 'open'
  | 'close'
  | 'identifier'
  | 'keyword'
  | 'field'
  | 'dot'
  | 'variable'
  | 'string'
  | 'number'
  | 'char'
  | 'leftParen'
  | 'rightParen'
  | 'pipe'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text, or for `text` the text after trimming, for `field` the name. */
  readonly value: string;
  readonly offset: number;
  readonly spaceBefore: boolean;
}

export const KEYWORDS = new Set([
  'if',
  'else',
  'end',
  'range',
  'with',
  'break',
  'continue',
  'define',
  'template',
  'block',
  'nil',
  'true',
  'false',
]);

const OPEN = '{{';
const CLOSE = '}}';

/** Go's trim-marker spaces: a `-` is a marker only when one of these separates it. */
function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n';
}

function isWordChar(char: string): boolean {
  return /^[\p{L}\p{Nd}_]$/u.test(char);
}

/** A Go number literal: decimal, hex, octal or binary, with `_` separators and exponents. */
const NUMBER_PATTERN =
  /^[+-]?(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?\d+)?|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)/;

/** Splits a template into tokens; throws a {@link TemplateProblem} at the first bad one. */
export function lexTemplate(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let trimNextText = false;
  const push = (kind: TokenKind, value: string, offset: number, spaceBefore = false) => {
    tokens.push({ kind, value, offset, spaceBefore });
  };
  while (pos < source.length) {
    const open = source.indexOf(OPEN, pos);
    const end = open === -1 ? source.length : open;
    let text = source.slice(pos, end);
    if (trimNextText) text = text.replace(/^[ \t\r\n]+/, '');
    const trimLeft = open !== -1 && source[open + 2] === '-' && isSpace(source[open + 3]);
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    if (text !== '') push('text', text, pos);
    if (open === -1) break;
    const inside = open + OPEN.length + (trimLeft ? 2 : 0);
    const comment = source.startsWith('/*', inside);
    const lexed = comment ? lexComment(source, inside) : lexAction(source, open, inside, push);
    trimNextText = lexed.trimRight;
    pos = lexed.next;
  }
  push('eof', '', source.length);
  return tokens;
}

interface ActionEnd {
  /** The offset after the closing `}}`. */
  readonly next: number;
  readonly trimRight: boolean;
}

/** The close of an action at `pos`: `}}`, or ` -}}` which also trims the text after it. */
function closeAt(source: string, pos: number): ActionEnd | undefined {
  if (source.startsWith(CLOSE, pos)) return { next: pos + CLOSE.length, trimRight: false };
  if (isSpace(source[pos]) && source.startsWith(`-${CLOSE}`, pos + 1))
    return { next: pos + 2 + CLOSE.length, trimRight: true };
  return undefined;
}

/** `/* … *\/` must fill the whole action, as in Go. */
function lexComment(source: string, start: number): ActionEnd {
  const end = source.indexOf('*/', start + 2);
  if (end === -1) throw new TemplateProblem(start, 'unclosed comment');
  const close = closeAt(source, end + 2);
  if (close === undefined)
    throw new TemplateProblem(end + 2, 'comment ends before closing delimiter');
  return close;
}

function lexAction(
  source: string,
  open: number,
  start: number,
  push: (kind: TokenKind, value: string, offset: number, spaceBefore?: boolean) => void,
): ActionEnd {
  push('open', OPEN, open);
  let pos = start;
  let space = false;
  let depth = 0;
  for (;;) {
    const close = closeAt(source, pos);
    if (close !== undefined && depth === 0) {
      push('close', CLOSE, pos, space);
      return close;
    }
    const char = source[pos];
    if (char === undefined) throw new TemplateProblem(open, 'unclosed action');
    if (isSpace(char)) {
      space = true;
      pos++;
      continue;
    }
    const token = lexActionToken(source, pos, depth);
    push(token.kind, token.value, pos, space);
    if (token.kind === 'leftParen') depth++;
    if (token.kind === 'rightParen') depth--;
    pos = token.next;
    space = false;
  }
}

interface ActionToken {
  readonly kind: TokenKind;
  readonly value: string;
  readonly next: number;
}

function lexActionToken(source: string, pos: number, depth: number): ActionToken {
  const char = source[pos] ?? '';
  const rest = source.slice(pos);
  const single = (kind: TokenKind): ActionToken => ({ kind, value: char, next: pos + 1 });
  switch (char) {
    case '(':
      return single('leftParen');
    case ')':
      if (depth === 0) throw new TemplateProblem(pos, 'unexpected right paren');
      return single('rightParen');
    case '|':
      return single('pipe');
    case ',':
      return single('comma');
    case '=':
      return single('assign');
    case ':':
      if (source[pos + 1] !== '=') throw new TemplateProblem(pos, 'expected :=');
      return { kind: 'declare', value: ':=', next: pos + 2 };
    case '"':
      return quoted(source, pos, '"', 'string', 'unterminated quoted string');
    case "'":
      return quoted(source, pos, "'", 'char', 'unterminated character constant');
    case '`': {
      const end = source.indexOf('`', pos + 1);
      if (end === -1) throw new TemplateProblem(pos, 'unterminated raw quoted string');
      return { kind: 'string', value: source.slice(pos, end + 1), next: end + 1 };
    }
    case '$': {
      const name = word(source, pos + 1);
      return { kind: 'variable', value: `$${name}`, next: pos + 1 + name.length };
    }
    case '.': {
      if (/^\.\d/.test(rest)) return number(source, pos);
      const name = word(source, pos + 1);
      if (name === '') return single('dot');
      return { kind: 'field', value: name, next: pos + 1 + name.length };
    }
  }
  if (/^[+\-\d]/.test(char)) return number(source, pos);
  const name = word(source, pos);
  if (name !== '') {
    return {
      kind: KEYWORDS.has(name) ? 'keyword' : 'identifier',
      value: name,
      next: pos + name.length,
    };
  }
  throw new TemplateProblem(pos, `unrecognized character in action: ${JSON.stringify(char)}`);
}

/** The identifier starting at `pos` (letters, digits, `_`), possibly empty. */
function word(source: string, pos: number): string {
  let end = pos;
  for (const char of source.slice(pos)) {
    if (!isWordChar(char)) break;
    end += char.length;
  }
  return source.slice(pos, end);
}

function number(source: string, pos: number): ActionToken {
  const match = NUMBER_PATTERN.exec(source.slice(pos));
  const text = match?.[0] ?? '';
  const after = source[pos + text.length];
  if (text === '' || text === '+' || text === '-' || (after !== undefined && isWordChar(after)))
    throw new TemplateProblem(
      pos,
      `bad number syntax: ${JSON.stringify(source.slice(pos, pos + 16).split(/[\s}]/)[0])}`,
    );
  return { kind: 'number', value: text, next: pos + text.length };
}

/** A `"…"` or `'…'` literal, kept with its quotes; a line break before the close is an error. */
function quoted(
  source: string,
  pos: number,
  quote: string,
  kind: TokenKind,
  unterminated: string,
): ActionToken {
  for (let i = pos + 1; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      i++;
      if (source[i] === '\n') break;
      continue;
    }
    if (char === '\n') break;
    if (char === quote) return { kind, value: source.slice(pos, i + 1), next: i + 1 };
  }
  throw new TemplateProblem(pos, unterminated);
}
