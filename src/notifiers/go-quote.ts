/**
 * Characters Go's `strconv.Quote` writes as they are: letters, marks, numbers, punctuation,
 * symbols and the ASCII space (`unicode.IsPrint`). Everything else, and `"` and `\`, is escaped.
 */
const GO_QUOTED_PATTERN = /["\\]|[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/gu;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/**
 * Go's `%q` of a string (`strconv.Quote`), as Alloy writes `msg=` in its logfmt lines: `\xNN`
 * for ASCII controls, `\uNNNN` / `\UNNNNNNNN` for other non-printable characters, lower-case
 * hex. A lone surrogate becomes U+FFFD, which a Go string would already hold.
 */
export function goQuote(value: string): string {
  const quoted = value.replace(GO_QUOTED_PATTERN, (char) => {
    const short = SHORT_ESCAPES[char];
    if (short !== undefined) return short;
    const code = char.codePointAt(0) ?? 0xfffd;
    if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
    if (code < 0x20 || code === 0x7f) return `\\x${hex(code, 2)}`;
    return code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
  });
  return `"${quoted}"`;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}
