/**
 * Go's `strings.ToUpper`: each code point on its own, one code point out; a character whose
 * upper case is several (`ß` → `SS` in JavaScript) has no simple mapping in Go and stays.
 */
export function goToUpper(text: string): string {
  return Array.from(text, (char) => {
    const upper = Array.from(char.toUpperCase());
    return upper.length === 1 ? (upper[0] ?? char) : char;
  }).join('');
}
