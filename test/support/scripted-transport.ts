import { KubeRequestError } from '../../src/kube/kube-request-error.js';
import type {
  ListPage,
  ListWatchTransport,
  Query,
  WatchFrame,
} from '../../src/kube/list-watch-transport.js';

/** A watch the test holds the server end of. */
export interface OpenedWatch {
  readonly path: string;
  readonly query: Query;
  /** Sends a frame, as the API server would. */
  send(type: string, object: unknown): void;
  /** Ends the stream: cleanly, or with an error. */
  end(error?: KubeRequestError): void;
  /** Whether the client closed it. */
  readonly closed: boolean;
}

/** What a list request gets: a page, an error, or `'hang'` (no answer until aborted). */
export type ListAnswer = ListPage | KubeRequestError | 'hang';

/**
 * A {@link ListWatchTransport} the test scripts: list requests take the queued answers (then
 * `defaultList`), watches stay open until the test ends them.
 */
export class ScriptedTransport implements ListWatchTransport {
  readonly lists: Query[] = [];
  readonly watches: OpenedWatch[] = [];
  readonly listAnswers: ListAnswer[] = [];
  defaultList: ListAnswer = listPage([], '1');

  list(_path: string, query: Query, signal: AbortSignal): Promise<ListPage> {
    this.lists.push(query);
    const answer = this.listAnswers.shift() ?? this.defaultList;
    if (answer instanceof KubeRequestError) return Promise.reject(answer);
    if (answer !== 'hang') return Promise.resolve(answer);
    return new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => {
        reject(new KubeRequestError('This operation was aborted', undefined));
      });
    });
  }

  watch(
    path: string,
    query: Query,
    onFrame: (frame: WatchFrame) => void,
    onEnd: (error: KubeRequestError | undefined) => void,
  ): Promise<() => void> {
    const state = { closed: false, ended: false };
    this.watches.push({
      path,
      query,
      send: (type, object) => {
        if (!state.closed && !state.ended) onFrame({ type, object });
      },
      end: (error) => {
        if (state.closed || state.ended) return;
        state.ended = true;
        onEnd(error);
      },
      get closed() {
        return state.closed;
      },
    });
    return Promise.resolve(() => {
      state.closed = true;
    });
  }

  /** The watch opened last. */
  get latest(): OpenedWatch {
    const watch = this.watches.at(-1);
    if (watch === undefined) throw new Error('no watch was opened');
    return watch;
  }
}

/** One list page of objects named and versioned as given (`name@rv`). */
export function listPage(
  objects: readonly string[],
  resourceVersion: string,
  continueToken?: string,
): ListPage {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    resourceVersion,
    continueToken,
    items: objects.map(configMap),
  };
}

/** A ConfigMap in `apps`, from `name@resourceVersion`. */
export function configMap(spec: string): {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; resourceVersion: string };
} {
  const [name = '', resourceVersion = ''] = spec.split('@');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'apps', resourceVersion },
  };
}

/** A BOOKMARK frame's object. */
export function bookmark(resourceVersion: string): unknown {
  return { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion } };
}
