import { API_GROUP } from '../api/group-version.js';

/** The kinds Herald reconciles, as controller-runtime names their controllers. */
export type ReconciledKind = 'Alert' | 'Provider' | 'Receiver';

/**
 * The fields a log line about one object carries, in the shape Flux's controllers (through
 * controller-runtime) write: the object under its kind, and `name` and `namespace` at the top
 * level, which `flux logs` filters on.
 */
export function objectFields(
  kind: string,
  namespace: string,
  name: string,
): Record<string, unknown> {
  return { [kind]: { name, namespace }, namespace, name };
}

/** {@link objectFields} from a `namespace/name` key. */
export function objectKeyFields(kind: string, key: string): Record<string, unknown> {
  const slash = key.indexOf('/');
  return objectFields(kind, key.slice(0, slash), key.slice(slash + 1));
}

/** The fields controller-runtime adds to every line of a reconciler: which controller wrote it. */
export function controllerFields(kind: ReconciledKind): Record<string, string> {
  return { controller: kind.toLowerCase(), controllerGroup: API_GROUP, controllerKind: kind };
}
