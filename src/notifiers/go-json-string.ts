/**
 * What Go's encoding/json escapes in a string (with HTML escaping on, as `json.Marshal` has
 * it): `"` and `\`, control characters, `<` `>` `&`, U+2028 and U+2029; plus lone UTF-16
 * surrogates, which cannot occur in a Go string: Go's decoder already turned them into U+FFFD.
 */
const GO_ESCAPED_PATTERN =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /["\\\u0000-\u001f<>&\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The short forms Go uses (`\b` and `\f` since Go 1.22); everything else is `\u00XX`. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** A JSON string literal with exactly the bytes Go's `json.Marshal` writes for `value`. */
export function goJsonString(value: string): string {
  const escaped = value.replace(GO_ESCAPED_PATTERN, (char) => {
    const short = SHORT_ESCAPES[char];
    if (short !== undefined) return short;
    const code = char.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}

/**
 * Go's order for map keys: byte-wise on UTF-8. It differs from JavaScript's UTF-16 order for
 * characters above U+FFFF against U+E000–U+FFFF.
 */
export function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** A JSON object of string values with keys in Go's map order, as `json.Marshal` writes it. */
export function goJsonStringMap(map: Readonly<Record<string, string>>): string {
  const members = Object.keys(map)
    .sort(compareGoStrings)
    .map((key) => `${goJsonString(key)}:${goJsonString(map[key] ?? '')}`);
  return `{${members.join(',')}}`;
}
