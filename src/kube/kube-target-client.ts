import {
  PatchStrategy,
  type KubernetesObject,
  type KubernetesObjectApi,
} from '@kubernetes/client-node';
import {
  labelSelectorOf,
  type TargetClient,
  type TargetObject,
} from '../receivers/target-client.js';
import { kubeRequestErrorOf } from './kube-request-error.js';

/** Flux objects read and annotated through discovery, whatever their group and version. */
export function kubeTargetClient(api: KubernetesObjectApi): TargetClient {
  const call = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      // client-node's own message carries every response header: say what failed, in a line.
      throw kubeRequestErrorOf(error);
    }
  };
  return {
    read: (apiVersion, kind, namespace, name) =>
      call(async () =>
        toTarget(await api.read({ apiVersion, kind, metadata: { name, namespace } })),
      ),
    list: (apiVersion, kind, namespace, matchLabels) =>
      call(async () => {
        const list = await api.list(
          apiVersion,
          kind,
          namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          labelSelectorOf(matchLabels),
        );
        return list.items.map((item) => toTarget({ apiVersion, kind, ...item }));
      }),
    annotate: (target, key, value) =>
      call(async () => {
        await api.patch(
          {
            apiVersion: target.apiVersion,
            kind: target.kind,
            metadata: {
              name: target.metadata.name,
              namespace: target.metadata.namespace,
              annotations: { [key]: value },
            },
          },
          undefined,
          undefined,
          undefined,
          undefined,
          PatchStrategy.MergePatch,
        );
      }),
  };
}

/** Only identity and metadata: what the resourceFilter sees as `res`, as Flux's metadata-only read. */
function toTarget(object: KubernetesObject): TargetObject {
  // client-node hands back class instances with Dates: CEL gets plain JSON, as Flux's does.
  const metadata = JSON.parse(JSON.stringify(object.metadata ?? {})) as Partial<
    TargetObject['metadata']
  >;
  return {
    apiVersion: object.apiVersion ?? '',
    kind: object.kind ?? '',
    metadata: { ...metadata, name: metadata.name ?? '', namespace: metadata.namespace ?? '' },
  };
}
