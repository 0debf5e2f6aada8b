import type { InvolvedObject } from '../api/event.js';

/**
 * How Flux's chat notifiers name the object an event is about: `<lower kind>/<name>.<namespace>`
 * (`kustomization/apps.flux-system`), as their `fmt.Sprintf("%s/%s.%s", strings.ToLower(kind),
 * …)` writes it.
 */
export function fluxObjectName({ kind, name, namespace }: InvolvedObject): string {
  return `${goToLower(kind)}/${name}.${namespace}`;
}

/**
 * Go's `strings.ToLower`: each code point on its own, one code point out (so `İ` → `i` and a
 * final `Σ` → `σ`, where JavaScript's `toLowerCase` writes `i̇` and `ς`).
 */
function goToLower(text: string): string {
  return Array.from(text, (char) => Array.from(char.toLowerCase())[0] ?? char).join('');
}
