/**
 * Go's `strings.ToLower`: each code point on its own, one code point out (so `İ` → `i` and a
 * final `Σ` → `σ`, where JavaScript's `toLowerCase` writes `i̇` and `ς`). Flux lower-cases the
 * involved object's kind with it in every chat message.
 */
export function goToLower(text: string): string {
  return Array.from(text, (char) => Array.from(char.toLowerCase())[0] ?? char).join('');
}
