import {
  CoordinationV1Api,
  CoreV1Api,
  createConfiguration,
  CustomObjectsApi,
  KubernetesObjectApi,
  Observable,
  ServerConfiguration,
  type Configuration,
  type HttpLibrary,
  type ObservableMiddleware,
} from '@kubernetes/client-node';
import type { Clock } from '../clock/clock.js';
import type { ClusterConfigSource } from './cluster-config-locator.js';
import {
  loadKubeConfig,
  type KubeConfigLoaderOptions,
  type LoadedKubeConfig,
} from './kube-config-loader.js';
import { clientNodeTransport, type ListWatchTransport } from './list-watch-transport.js';
import { requestTimeoutMiddleware } from './request-timeout.js';
import {
  APF_HEADER,
  createRequestRateLimiter,
  type RateLimitSettings,
  type RequestRateLimiter,
} from './request-rate-limiter.js';
import type { RestClientMetrics } from './rest-client-metrics.js';

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
  /**
   * `--kube-api-qps` and `--kube-api-burst`, with the clock the throttle waits on; absent,
   * requests are not throttled (local tools, tests).
   */
  rateLimit?: RateLimitSettings & { clock: Pick<Clock, 'monotonic' | 'sleep'> };
  /** Counts every request by its answer (`rest_client_requests_total`). */
  metrics?: RestClientMetrics;
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
  const { rateLimit } = options;
  const limiter =
    rateLimit === undefined ? undefined : createRequestRateLimiter(rateLimit, rateLimit.clock);
  // Every request takes its turn first: the timeout counts from when it may go.
  const throttle = limiter === undefined ? [] : [throttleMiddleware(limiter)];
  // makeApiClient's configuration, plus the throttle and a timeout on every request.
  const httpApi = options.metrics?.httpLibrary();
  const configuration: Configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kubeConfig },
    ...(httpApi === undefined ? {} : { httpApi }),
    middleware: [
      ...throttle,
      requestTimeoutMiddleware(options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS),
    ],
  });
  const objects = ThrottledObjectApi.make(kubeConfig, cluster.server, throttle, httpApi);
  const listWatch = clientNodeTransport(kubeConfig, options.metrics);
  return {
    origin,
    server: cluster.server,
    core: new CoreV1Api(configuration),
    customObjects: new CustomObjectsApi(configuration),
    coordination: new CoordinationV1Api(configuration),
    listWatch: limiter === undefined ? listWatch : throttledTransport(listWatch, limiter),
    objects,
  };
}

/** KubernetesObjectApi as its makeApiClient builds it, plus the throttle. */
class ThrottledObjectApi extends KubernetesObjectApi {
  static make(
    kubeConfig: LoadedKubeConfig['kubeConfig'],
    server: string,
    middleware: ObservableMiddleware[],
    httpApi: HttpLibrary | undefined,
  ): KubernetesObjectApi {
    const api = new ThrottledObjectApi(
      createConfiguration({
        baseServer: new ServerConfiguration(server, {}),
        authMethods: { default: kubeConfig },
        ...(httpApi === undefined ? {} : { httpApi }),
        middleware,
      }),
    );
    api.setDefaultNamespace(kubeConfig);
    return api;
  }
}

/** Waits for the throttle before each request; turns it off on the first answer showing APF. */
function throttleMiddleware(limiter: RequestRateLimiter): ObservableMiddleware {
  return {
    pre: (context) => new Observable(limiter.acquire(context.getSignal()).then(() => context)),
    post: (response) => {
      if (limiter.enabled && response.headers[APF_HEADER] !== undefined) limiter.disable();
      return new Observable(Promise.resolve(response));
    },
  };
}

/** Lists and watches (client-go throttles the start of a watch too) wait for the throttle. */
function throttledTransport(
  transport: ListWatchTransport,
  limiter: RequestRateLimiter,
): ListWatchTransport {
  return {
    async list(path, query, signal) {
      await limiter.acquire(signal);
      return transport.list(path, query, signal);
    },
    async watch(path, query, onFrame, onEnd) {
      await limiter.acquire();
      return transport.watch(path, query, onFrame, onEnd);
    },
  };
}
