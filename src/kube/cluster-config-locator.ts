import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where a cluster configuration was found, in the order kubectl and Flux look. */
export type ClusterConfigSource =
  | { kind: 'kubeconfig'; path: string }
  | { kind: 'in-cluster' }
  | { kind: 'none'; looked: string[] };

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * `--kubeconfig` (or `$KUBECONFIG`, already folded into it by the flags), then
 * `~/.kube/config`, then the in-cluster service account.
 */
export function locateClusterConfig(
  kubeconfig: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  exists: (path: string) => boolean = existsSync,
): ClusterConfigSource {
  const looked: string[] = [];
  if (kubeconfig !== undefined) {
    // KUBECONFIG may list several files; the first that exists is enough to try.
    for (const path of kubeconfig.split(':').filter((part) => part !== '')) {
      if (exists(path)) return { kind: 'kubeconfig', path: kubeconfig };
      looked.push(path);
    }
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
