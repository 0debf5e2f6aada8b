import type { FluxEvent } from '../../api/event.js';

/**
 * Flux's default commit status identity: `<kind>/<name>/<first segment of the Provider's UID>`,
 * lowercased, so that each cluster (each Provider object) writes statuses of its own. A
 * Provider without a UID (local mode) gives an empty last segment, as Flux's would.
 */
export function defaultCommitStatusId(providerUid: string | undefined, event: FluxEvent): string {
  const uidHead = (providerUid ?? '').split('-')[0] ?? '';
  const { kind, name } = event.involvedObject;
  return `${kind}/${name}/${uidHead}`.toLowerCase();
}
