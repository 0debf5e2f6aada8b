/** Go's one-character escapes in interpreted string and rune literals. */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\u0007',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** Hex digits after `\x`, `\u` and `\U`. */
const HEX_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * The value of a Go interpreted literal's body (between its quotes), as `strconv.Unquote`
 * reads it: `quote` is the one escape of the quote character itself (`"` or `'`). Throws a
 * message naming the bad escape; `\xNN` and octal escapes are bytes, so they must spell UTF-8.
 */
export function unquoteGoLiteral(body: string, quote: '"' | "'"): string {
  const bytes: number[] = [];
  const pushText = (text: string) => {
    for (const byte of Buffer.from(text, 'utf8')) bytes.push(byte);
  };
  for (let i = 0; i < body.length;) {
    const char = body[i] ?? '';
    if (char !== '\\') {
      const codePoint = body.codePointAt(i) ?? 0;
      pushText(String.fromCodePoint(codePoint));
      i += codePoint > 0xffff ? 2 : 1;
      continue;
    }
    const kind = body[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[kind] ?? (kind === quote ? quote : undefined);
    if (simple !== undefined) {
      pushText(simple);
      i += 2;
      continue;
    }
    const width = HEX_DIGITS[kind];
    if (width !== undefined) {
      const digits = body.slice(i + 2, i + 2 + width);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== width)
        throw new Error(`invalid escape \\${kind}${digits}`);
      const value = Number.parseInt(digits, 16);
      if (kind === 'x') bytes.push(value);
      else if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
        throw new Error(`escape \\${kind}${digits} is not a valid Unicode code point`);
      else pushText(String.fromCodePoint(value));
      i += 2 + width;
      continue;
    }
    const octal = body.slice(i + 1, i + 4);
    if (/^[0-7]{3}$/.test(octal) && Number.parseInt(octal, 8) <= 0xff) {
      bytes.push(Number.parseInt(octal, 8));
      i += 4;
      continue;
    }
    throw new Error(`invalid escape \\${kind}`);
  }
  const buffer = Buffer.from(bytes);
  const text = buffer.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(buffer)) throw new Error('escapes spell invalid UTF-8');
  return text;
}
