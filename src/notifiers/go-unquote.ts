/** Go's one-character escapes in interpreted string and rune literals (the quotes aside). */
const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['a', '\u0007'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['v', '\v'],
  ['\\', '\\'],
]);

/** Hex digits after `\x`, `\u` and `\U`. */
const HEX_ESCAPE_DIGITS: ReadonlyMap<string, number> = new Map([
  ['x', 2],
  ['u', 4],
  ['U', 8],
]);

/** A Go literal read by {@link readGoQuoted}: its UTF-8 bytes and the offset after it. */
export interface GoQuoted {
  /** `\x` and octal escapes are single bytes, so these need not be valid UTF-8. */
  readonly bytes: Buffer;
  readonly end: number;
}

/**
 * Reads the Go interpreted literal (`"…"` or `'…'`, as `strconv.Unquote` reads it) whose
 * opening quote is at `start`: its bytes and where it ends, or why it is not one.
 */
export function readGoQuoted(text: string, start: number): GoQuoted | { error: string } {
  const quote = text[start] ?? '';
  const bytes: number[] = [];
  const pushText = (value: string) => bytes.push(...Buffer.from(value, 'utf8'));
  for (let at = start + 1; at < text.length;) {
    const char = text[at] ?? '';
    if (char === quote) return { bytes: Buffer.from(bytes), end: at + 1 };
    if (char !== '\\') {
      const point = text.codePointAt(at) ?? 0;
      pushText(String.fromCodePoint(point));
      at += point > 0xffff ? 2 : 1;
      continue;
    }
    const kind = text[at + 1] ?? '';
    const simple = kind === quote ? quote : SIMPLE_ESCAPES.get(kind);
    if (simple !== undefined) {
      pushText(simple);
      at += 2;
      continue;
    }
    const digits = HEX_ESCAPE_DIGITS.get(kind);
    const hex = text.slice(at + 2, at + 2 + (digits ?? 0));
    if (digits !== undefined && hex.length === digits && /^[0-9a-fA-F]+$/.test(hex)) {
      const value = Number.parseInt(hex, 16);
      // \x is one byte of a UTF-8 sequence; \u and \U are whole code points.
      if (kind === 'x') bytes.push(value);
      else if (value <= 0x10ffff && (value < 0xd800 || value > 0xdfff))
        pushText(String.fromCodePoint(value));
      else return { error: `escape \\${kind}${hex} is not a valid Unicode code point` };
      at += 2 + digits;
      continue;
    }
    const octal = /^[0-7]{3}/.exec(text.slice(at + 1, at + 4));
    if (octal === null || Number.parseInt(octal[0], 8) > 0xff)
      return { error: `invalid escape \\${kind}` };
    bytes.push(Number.parseInt(octal[0], 8));
    at += 4;
  }
  return { error: 'unterminated literal' };
}
