import { PatchStrategy, setHeaderOptions, type CustomObjectsApi } from '@kubernetes/client-node';
import { API_GROUP, API_VERSION } from '../../api/group-version.js';
import { RECEIVER_API_VERSION } from '../../api/receiver.js';
import type { HeraldStatus } from './desired-status.js';
import type { ReceiverStatusPatch } from './receiver-status.js';

/** Custom resources take JSON merge-patch; client-node must be told, or it sends JSON patch. */
const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** Receivers are served as v1, Alerts and Providers as v1beta3. */
const RESOURCES = {
  Alert: { plural: 'alerts', version: API_VERSION },
  Provider: { plural: 'providers', version: API_VERSION },
  Receiver: { plural: 'receivers', version: RECEIVER_API_VERSION },
} as const;

export type StatusWriter = (
  kind: keyof typeof RESOURCES,
  namespace: string,
  name: string,
  status: HeraldStatus | ReceiverStatusPatch,
) => Promise<void>;

/** Writes an Alert's, Provider's or Receiver's status by merge-patch on its `/status`. */
export function statusWriter(api: CustomObjectsApi): StatusWriter {
  return async (kind, namespace, name, status) => {
    await api.patchNamespacedCustomObjectStatus(
      {
        group: API_GROUP,
        version: RESOURCES[kind].version,
        plural: RESOURCES[kind].plural,
        namespace,
        name,
        body: { status },
      },
      MERGE_PATCH,
    );
  };
}
