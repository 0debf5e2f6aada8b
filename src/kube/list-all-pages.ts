import type { Clock } from '../clock/clock.js';
import { KubeRequestError } from './kube-request-error.js';
import type { ListWatchTransport, Query } from './list-watch-transport.js';

export interface ListAllPagesOptions {
  transport: ListWatchTransport;
  path: string;
  /** Selectors; `limit` and `continue` are added here. */
  query: Query;
  pageSize: number;
  /** Bound on each page request, on the clock's time. */
  pageTimeoutMs: number;
  /** Aborts the page in flight (the list rejects). */
  signal: AbortSignal;
  clock: Clock;
}

/** A whole collection as one consistent snapshot. */
export interface ListedCollection {
  readonly items: readonly unknown[];
  /** Where a watch of the collection picks up from; never empty. */
  readonly resourceVersion: string;
}

/**
 * Every page of a list, in bounded pieces (`limit`), so a cluster-wide list of Secrets or Events
 * never comes as one huge response. The pages share the first one's snapshot: the API server
 * serves a continuation at the resourceVersion the list began at, or 410 Gone once that is
 * compacted. Rejects with a {@link KubeRequestError}.
 */
export async function listAllPages(options: ListAllPagesOptions): Promise<ListedCollection> {
  const { transport, path, query, pageSize, signal } = options;
  const items: unknown[] = [];
  let resourceVersion = '';
  let continueToken: string | undefined;
  do {
    const page = await withPageTimeout(options, (pageSignal) =>
      transport.list(
        path,
        {
          ...query,
          limit: String(pageSize),
          ...(continueToken === undefined ? {} : { continue: continueToken }),
        },
        AbortSignal.any([signal, pageSignal]),
      ),
    );
    items.push(...page.items);
    if (resourceVersion === '') resourceVersion = page.resourceVersion;
    continueToken = page.continueToken;
  } while (continueToken !== undefined);
  if (resourceVersion === '')
    throw new KubeRequestError(
      `the list of ${path} has no resourceVersion to watch from`,
      undefined,
    );
  return { items, resourceVersion };
}

/** Runs one request with a signal the clock aborts after `pageTimeoutMs`. */
async function withPageTimeout<T>(
  { clock, pageTimeoutMs, path }: ListAllPagesOptions,
  request: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timedOut = new KubeRequestError(
    `a page of ${path} was not answered within ${pageTimeoutMs} ms`,
    undefined,
  );
  const timeout = new AbortController();
  const timer = clock.setTimeout(() => {
    timeout.abort(timedOut);
  }, pageTimeoutMs);
  try {
    return await request(timeout.signal);
  } catch (error) {
    // The transport reports a bare abort: say it was this timeout.
    if (timeout.signal.aborted) throw timedOut;
    throw error;
  } finally {
    timer.cancel();
  }
}
