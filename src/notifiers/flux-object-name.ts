import type { InvolvedObject } from '../api/event.js';
import { goToLower } from './go-to-lower.js';

/**
 * How Flux's chat notifiers name the object an event is about: `<lower kind>/<name>.<namespace>`
 * (`kustomization/apps.flux-system`), as their `fmt.Sprintf("%s/%s.%s", strings.ToLower(kind),
 * …)` writes it.
 */
export function fluxObjectName({ kind, name, namespace }: InvolvedObject): string {
  return `${goToLower(kind)}/${name}.${namespace}`;
}
