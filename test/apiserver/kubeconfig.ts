import { rename, writeFile } from 'node:fs/promises';
import { stringify as toYaml } from 'yaml';

export interface KubeconfigOptions {
  /** The context's namespace (default `default`). */
  namespace?: string;
  /** Name of the cluster, user and context (default `herald-test`). */
  name?: string;
}

/**
 * A kubeconfig for a plain-http server. `insecure-skip-tls-verify` is what makes client-node 1.4
 * accept an http:// server; kubectl sends no credentials over plain http anyway.
 */
export function kubeconfigYaml(server: string, options: KubeconfigOptions = {}): string {
  const name = options.name ?? 'herald-test';
  return toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name, user: {} }],
    contexts: [
      { name, context: { cluster: name, user: name, namespace: options.namespace ?? 'default' } },
    ],
    'current-context': name,
    preferences: {},
  });
}

/** Writes atomically (temp file, then rename) so a reader never sees half a kubeconfig. */
export async function writeKubeconfigFile(file: string, yaml: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, yaml, { mode: 0o600 });
  await rename(temp, file);
}
