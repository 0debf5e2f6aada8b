import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import type { ClusterConfigSource } from './cluster-config-locator.js';
import { HeraldError } from '../errors/herald-error.js';
import { errorMessage } from '../errors/error-message.js';

/**
 * Why no cluster configuration could be loaded.
 * - UNREADABLE: a kubeconfig file could not be read (missing, no permission).
 * - INVALID: a kubeconfig was read but cannot be used (not YAML, no current context, bad server).
 * - IN_CLUSTER_UNAVAILABLE: the in-cluster service account is incomplete.
 * - NONE: the locator found nothing to load.
 */
export type KubeConfigErrorCode =
  | 'HERALD_KUBECONFIG_UNREADABLE'
  | 'HERALD_KUBECONFIG_INVALID'
  | 'HERALD_IN_CLUSTER_UNAVAILABLE'
  | 'HERALD_NO_CLUSTER_CONFIG';

export class KubeConfigError extends HeraldError {
  declare readonly code: KubeConfigErrorCode;

  // Not useless: it narrows the codes this error may carry.
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor
  constructor(code: KubeConfigErrorCode, message: string) {
    super(code, message);
  }
}

/** A loaded configuration and where it came from, for log lines (`kubeconfig /path`, `in-cluster`). */
export interface LoadedKubeConfig {
  readonly kubeConfig: KubeConfig;
  readonly origin: string;
}

export interface KubeConfigLoaderOptions {
  /** Only `KUBERNETES_SERVICE_HOST` and `KUBERNETES_SERVICE_PORT` are read, for in-cluster. */
  env: Readonly<Record<string, string | undefined>>;
  /** Where the pod's service account is mounted (token, ca.crt, namespace). */
  serviceAccountDir?: string;
}

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Loads what {@link locateClusterConfig} found and checks it can be used, so a bad kubeconfig
 * fails at start with its file named rather than on the first request.
 */
export function loadKubeConfig(
  source: ClusterConfigSource,
  options: KubeConfigLoaderOptions,
): LoadedKubeConfig {
  switch (source.kind) {
    case 'kubeconfig':
      return loadKubeconfigFiles(source.path);
    case 'in-cluster':
      return loadInCluster(options.env, options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR);
    case 'missing':
      throw new KubeConfigError('HERALD_KUBECONFIG_UNREADABLE', missingKubeconfig(source.path));
    case 'none':
      throw new KubeConfigError(
        'HERALD_NO_CLUSTER_CONFIG',
        `no Kubernetes configuration found (looked in: ${source.looked.join(', ')})`,
      );
  }
}

/** The one line a named kubeconfig that is not there gets. */
export function missingKubeconfig(path: string): string {
  return `kubeconfig ${path}: no such file (from --kubeconfig or KUBECONFIG)`;
}

/** `KUBECONFIG` may list files; as kubectl, missing ones are skipped and the first definition wins. */
function loadKubeconfigFiles(list: string): LoadedKubeConfig {
  const files = list.split(delimiter).filter((file) => file !== '' && existsSync(file));
  const first = files[0];
  if (first === undefined)
    throw new KubeConfigError('HERALD_KUBECONFIG_UNREADABLE', missingKubeconfig(list));
  const loaded = files.map(loadKubeconfigFile);
  const kubeConfig = loaded.length === 1 ? (loaded[0] as KubeConfig) : mergeFirstWins(loaded);
  checkUsable(kubeConfig, `kubeconfig ${files.join(delimiter)}`);
  return { kubeConfig, origin: `kubeconfig ${files.join(delimiter)}` };
}

function loadKubeconfigFile(file: string): KubeConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KubeConfigError(
      'HERALD_KUBECONFIG_UNREADABLE',
      `kubeconfig ${file}: cannot be read (${errorMessage(error)})`,
    );
  }
  if (text.trim() === '')
    throw new KubeConfigError('HERALD_KUBECONFIG_INVALID', `kubeconfig ${file}: is empty`);
  const kubeConfig = new KubeConfig();
  try {
    kubeConfig.loadFromString(text);
  } catch (error) {
    throw new KubeConfigError(
      'HERALD_KUBECONFIG_INVALID',
      `kubeconfig ${file}: not a valid kubeconfig (${errorMessage(error)})`,
    );
  }
  // Relative certificate and key paths are relative to the file, as kubectl reads them.
  kubeConfig.makePathsAbsolute(dirname(file));
  return kubeConfig;
}

function mergeFirstWins(configs: readonly KubeConfig[]): KubeConfig {
  const firstByName = <T extends { name: string }>(lists: T[][]): T[] => {
    const seen = new Map<string, T>();
    for (const item of lists.flat()) if (!seen.has(item.name)) seen.set(item.name, item);
    return [...seen.values()];
  };
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: firstByName<Cluster>(configs.map((c) => c.getClusters())),
    users: firstByName<User>(configs.map((c) => c.getUsers())),
    contexts: firstByName<Context>(configs.map((c) => c.getContexts())),
    currentContext: configs.map((c) => c.getCurrentContext()).find((name) => name !== ''),
  });
  return merged;
}

function checkUsable(kubeConfig: KubeConfig, origin: string): void {
  const invalid = (problem: string) =>
    new KubeConfigError('HERALD_KUBECONFIG_INVALID', `${origin}: ${problem}`);
  const contextName = kubeConfig.getCurrentContext() as string | undefined;
  if (contextName === undefined || contextName === '') throw invalid('current-context is not set');
  const context = kubeConfig.getContextObject(contextName);
  if (!context) throw invalid(`current-context "${contextName}" is not among its contexts`);
  const cluster = kubeConfig.getCluster(context.cluster);
  if (!cluster)
    throw invalid(
      `context "${contextName}" names cluster "${context.cluster}", which is not defined`,
    );
  const url = URL.canParse(cluster.server) ? new URL(cluster.server) : undefined;
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw invalid(`cluster "${cluster.name}" has server "${cluster.server}", not an http(s) URL`);
  if (url.protocol === 'http:' && !cluster.skipTLSVerify)
    throw invalid(
      `cluster "${cluster.name}" serves plain http (${cluster.server}); ` +
        '@kubernetes/client-node refuses that unless the cluster sets insecure-skip-tls-verify: true',
    );
}

function loadInCluster(
  env: Readonly<Record<string, string | undefined>>,
  serviceAccountDir: string,
): LoadedKubeConfig {
  const unavailable = (problem: string) =>
    new KubeConfigError('HERALD_IN_CLUSTER_UNAVAILABLE', `in-cluster configuration: ${problem}`);
  const host = env.KUBERNETES_SERVICE_HOST;
  if (host === undefined || host === '') throw unavailable('KUBERNETES_SERVICE_HOST is not set');
  const port = env.KUBERNETES_SERVICE_PORT ?? '443';
  const tokenFile = join(serviceAccountDir, 'token');
  const caFile = join(serviceAccountDir, 'ca.crt');
  for (const file of [tokenFile, caFile])
    if (!existsSync(file)) throw unavailable(`${file} does not exist`);
  const namespaceFile = join(serviceAccountDir, 'namespace');
  const kubeConfig = new KubeConfig();
  // What client-node's loadFromCluster builds, minus its own reading of process.env. The
  // tokenFile provider re-reads the token, which the kubelet rotates.
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: 'inCluster',
        server: `https://${isIPv6(host) ? `[${host}]` : host}:${port}`,
        caFile,
        skipTLSVerify: false,
      },
    ],
    users: [{ name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile } } }],
    contexts: [
      {
        name: 'inClusterContext',
        cluster: 'inCluster',
        user: 'inClusterUser',
        ...(existsSync(namespaceFile)
          ? { namespace: readFileSync(namespaceFile, 'utf8').trim() }
          : {}),
      },
    ],
    currentContext: 'inClusterContext',
  });
  return { kubeConfig, origin: 'in-cluster' };
}
