import { PatchStrategy, setHeaderOptions, type CustomObjectsApi } from '@kubernetes/client-node';
import { API_GROUP, API_VERSION } from '../../api/group-version.js';
import type { HeraldStatus } from './desired-status.js';

/** Custom resources take JSON merge-patch; client-node must be told, or it sends JSON patch. */
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

const PLURALS = { Alert: 'alerts', Provider: 'providers' } as const;

export type StatusWriter = (
  kind: keyof typeof PLURALS,
  namespace: string,
  name: string,
  status: HeraldStatus,
) => Promise<void>;

/** Writes an Alert's or Provider's status by merge-patch on its `/status` subresource. */
export function statusWriter(api: CustomObjectsApi): StatusWriter {
  return async (kind, namespace, name, status) => {
    await api.patchNamespacedCustomObjectStatus(
      {
        group: API_GROUP,
        version: API_VERSION,
        plural: PLURALS[kind],
        namespace,
        name,
        body: { status },
      },
      MERGE_PATCH,
    );
  };
}
