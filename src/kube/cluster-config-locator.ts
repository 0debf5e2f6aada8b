import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where a cluster configuration was found, in the order kubectl and Flux look. */
export type ClusterConfigSource =
  | { kind: 'kubeconfig'; path: string }
  | { kind: 'in-cluster' }
  | { kind: 'none'; looked: string[] }
  /** `--kubeconfig` or `KUBECONFIG` was given and none of its files exists. */
  | { kind: 'missing'; path: string };

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * `--kubeconfig` (or `$KUBECONFIG`, already folded into it by the flags), then
 * `~/.kube/config`, then the in-cluster service account. A kubeconfig that was named but does
 * not exist is `missing`, never a reason to look further: `~/.kube/config` may well be another
 * cluster's.
 */
export function locateClusterConfig(
  kubeconfig: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  exists: (path: string) => boolean = existsSync,
): ClusterConfigSource {
  const looked: string[] = [];
  if (kubeconfig !== undefined) {
    // KUBECONFIG may list several files; as kubectl, the ones missing are skipped.
    const paths = kubeconfig.split(':').filter((part) => part !== '');
    return paths.some(exists)
      ? { kind: 'kubeconfig', path: kubeconfig }
      : { kind: 'missing', path: kubeconfig };
  }
  if (env.HOME !== undefined && env.HOME !== '') {
    const path = join(env.HOME, '.kube', 'config');
    if (exists(path)) return { kind: 'kubeconfig', path };
    looked.push(path);
  }
  if (env.KUBERNETES_SERVICE_HOST !== undefined && exists(SERVICE_ACCOUNT_TOKEN))
    return { kind: 'in-cluster' };
  looked.push('in-cluster service account');
  return { kind: 'none', looked };
}
