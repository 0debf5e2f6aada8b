import {
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  RequestContext,
  Watch,
  type KubeConfig,
} from '@kubernetes/client-node';
import { KubeRequestError, kubeRequestErrorOf } from './kube-request-error.js';
import type { RestClientMetrics } from './rest-client-metrics.js';

/** One line of a watch stream: `ADDED`, `MODIFIED`, `DELETED`, `BOOKMARK` or `ERROR`, and its object. */
export interface WatchFrame {
  readonly type: string;
  readonly object: unknown;
}

/** One page of a list, raw as the API server sent it. */
export interface ListPage {
  readonly apiVersion: string | undefined;
  readonly kind: string | undefined;
  readonly resourceVersion: string;
  /** Set when more pages follow. */
  readonly continueToken: string | undefined;
  readonly items: readonly unknown[];
}

export type Query = Readonly<Record<string, string>>;

/**
 * List and watch of a collection path, raw JSON both ways: list items and watch objects reach
 * their consumer in one shape (client-node's typed lists would turn timestamps into Dates, its
 * watch not).
 */
export interface ListWatchTransport {
  /** One page of a list; rejects with a {@link KubeRequestError}. */
  list(path: string, query: Query, signal: AbortSignal): Promise<ListPage>;
  /**
   * Opens a watch. Frames go to `onFrame` until the stream ends, then `onEnd` is called once:
   * without an error when the server closed the stream, else with a {@link KubeRequestError}.
   * Resolves with a function that closes the watch; `onEnd` is not called after it.
   */
  watch(
    path: string,
    query: Query,
    onFrame: (frame: WatchFrame) => void,
    onEnd: (error: KubeRequestError | undefined) => void,
  ): Promise<() => void>;
}

/**
 * The transport over client-node: its `Watch` for streams, its HTTP library and auth for lists.
 * `metrics`, when given, counts every list and every watch request by its answer.
 */
export function clientNodeTransport(
  kubeConfig: KubeConfig,
  metrics?: RestClientMetrics,
): ListWatchTransport {
  const watcher = new Watch(kubeConfig);
  const http = metrics?.httpLibrary() ?? new IsomorphicFetchHttpLibrary();
  const server = () => kubeConfig.getCurrentCluster()?.server.replace(/\/+$/, '') ?? '';
  return {
    async list(path, query, signal) {
      const search = new URLSearchParams(query).toString();
      const request = new RequestContext(
        `${server()}${path}${search === '' ? '' : `?${search}`}`,
        HttpMethod.GET,
      );
      request.setHeaderParam('Accept', 'application/json');
      request.setSignal(signal);
      try {
        await kubeConfig.applySecurityAuthentication(request);
        const response = await http.send(request).toPromise();
        const text = await response.body.text();
        if (response.httpStatusCode < 200 || response.httpStatusCode > 299)
          throw KubeRequestError.fromResponse(response.httpStatusCode, text);
        return listPageOf(JSON.parse(text));
      } catch (error) {
        throw kubeRequestErrorOf(error);
      }
    },

    async watch(path, query, onFrame, onEnd) {
      // An object, so TypeScript does not take `closed` for false inside the catch below.
      const state = { closed: false, answered: false };
      let abort: AbortController | undefined;
      // The request's answer is counted once: its error, or its start (a 200 stream).
      const answered = (status: number | undefined) => {
        if (state.answered) return;
        state.answered = true;
        metrics?.observe('GET', `${server()}${path}`, status);
      };
      try {
        abort = await watcher.watch(
          path,
          query,
          (type: string, object: unknown) => {
            if (!state.closed) onFrame({ type, object });
          },
          (error: unknown) => {
            const failure =
              error === null || error === undefined ? undefined : kubeRequestErrorOf(error);
            answered(failure === undefined ? 200 : failure.status);
            if (state.closed) return;
            state.closed = true;
            onEnd(failure);
          },
        );
        answered(200);
      } catch (error) {
        answered(undefined);
        // Watch throws, rather than calling done, when the request cannot even be built.
        if (!state.closed) {
          state.closed = true;
          onEnd(kubeRequestErrorOf(error));
        }
      }
      return () => {
        state.closed = true;
        abort?.abort();
      };
    },
  };
}

function listPageOf(body: unknown): ListPage {
  if (
    typeof body !== 'object' ||
    body === null ||
    !Array.isArray((body as { items?: unknown }).items)
  )
    throw new KubeRequestError('the list response has no items', undefined);
  const list = body as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { resourceVersion?: unknown; continue?: unknown };
    items: unknown[];
  };
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const apiVersion = text(list.apiVersion);
  const kind = text(list.kind)?.replace(/List$/, '');
  return {
    apiVersion,
    kind,
    resourceVersion: text(list.metadata?.resourceVersion) ?? '',
    continueToken: text(list.metadata?.continue),
    items: list.items.map((item) => withTypeMeta(item, apiVersion, kind)),
  };
}

/**
 * The API server leaves apiVersion and kind out of the items of a built-in list (SecretList)
 * but sets them on watched objects: fill them in so the cache holds one shape.
 */
function withTypeMeta(item: unknown, apiVersion?: string, kind?: string): unknown {
  if (typeof item !== 'object' || item === null) return item;
  const typed = item as { apiVersion?: unknown; kind?: unknown };
  if (typed.apiVersion !== undefined && typed.kind !== undefined) return item;
  return {
    ...(apiVersion === undefined ? {} : { apiVersion }),
    ...(kind === undefined ? {} : { kind }),
    ...item,
  };
}
