import {
  CoordinationV1Api,
  CoreV1Api,
  createConfiguration,
  CustomObjectsApi,
  KubernetesObjectApi,
  ServerConfiguration,
  type Configuration,
} from '@kubernetes/client-node';
import type { ClusterConfigSource } from './cluster-config-locator.js';
import {
  loadKubeConfig,
  type KubeConfigLoaderOptions,
  type LoadedKubeConfig,
} from './kube-config-loader.js';
import { clientNodeTransport, type ListWatchTransport } from './list-watch-transport.js';
import { requestTimeoutMiddleware } from './request-timeout.js';

/** Bound on every typed API call (watches excepted: they are supervised for silence instead). */
export const REQUEST_TIMEOUT_MS = 30_000;

/** The API clients Herald uses, all bound to one cluster configuration. */
export interface KubeClient {
  /** `kubeconfig /path` or `in-cluster`, for log lines. */
  readonly origin: string;
  /** The API server's URL. */
  readonly server: string;
  /** Secrets, Events, ConfigMaps (checkpoints), Namespaces. */
  readonly core: CoreV1Api;
  /** Alerts and Providers, and their status. */
  readonly customObjects: CustomObjectsApi;
  /** The leader-election Lease. */
  readonly coordination: CoordinationV1Api;
  /** List and watch, for informers and native Events. */
  readonly listWatch: ListWatchTransport;
  /** Any object by apiVersion and kind, found through discovery (`matchLabels` lookups). */
  readonly objects: KubernetesObjectApi;
}

export interface KubeClientOptions {
  requestTimeoutMs?: number;
}

/** Loads the configuration the locator found and builds the clients; throws a KubeConfigError. */
export function connectKubeClient(
  source: ClusterConfigSource,
  loader: KubeConfigLoaderOptions,
  options: KubeClientOptions = {},
): KubeClient {
  return createKubeClient(loadKubeConfig(source, loader), options);
}

export function createKubeClient(
  loaded: LoadedKubeConfig,
  options: KubeClientOptions = {},
): KubeClient {
  const { kubeConfig, origin } = loaded;
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error(`${origin}: no current cluster`);
  // makeApiClient's configuration, plus a timeout on every request.
  const configuration: Configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kubeConfig },
    middleware: [requestTimeoutMiddleware(options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS)],
  });
  return {
    origin,
    server: cluster.server,
    core: new CoreV1Api(configuration),
    customObjects: new CustomObjectsApi(configuration),
    coordination: new CoordinationV1Api(configuration),
    listWatch: clientNodeTransport(kubeConfig),
    objects: KubernetesObjectApi.makeApiClient(kubeConfig),
  };
}
