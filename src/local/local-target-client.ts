import type { Logger } from '../logging/logger.js';
import { labelSelectorOf, type TargetClient } from '../receivers/target-client.js';

/**
 * Local mode has no cluster to patch: a verified webhook logs each target it would reconcile.
 * A named target is taken as it is (its labels unknown to a resourceFilter); `*` with
 * matchLabels cannot be listed, so it is logged as the selection it would make.
 */
export function localTargetClient(logger: Logger): TargetClient {
  return {
    read: (apiVersion, kind, namespace, name) =>
      Promise.resolve({ apiVersion, kind, metadata: { name, namespace } }),
    list: (apiVersion, kind, namespace, matchLabels) => {
      logger.info(
        {
          apiVersion,
          kind,
          namespace: namespace ?? '*',
          labelSelector: labelSelectorOf(matchLabels),
        },
        `Would request reconciliation of every ${kind} matching the labels (local mode: no cluster to list)`,
      );
      return Promise.resolve([]);
    },
    annotate: (target, key, value) => {
      logger.info(
        {
          apiVersion: target.apiVersion,
          kind: target.kind,
          namespace: target.metadata.namespace,
          name: target.metadata.name,
          annotation: { [key]: value },
        },
        `Would request reconciliation of ${target.kind} ${target.metadata.namespace}/${target.metadata.name} (local mode: no cluster to patch)`,
      );
      return Promise.resolve();
    },
  };
}
