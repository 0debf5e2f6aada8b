import type { CapturedRequest, Reply } from './capture-server.js';

/** One route of a stand-in host: a method and a path pattern (query excluded). */
export interface Route {
  readonly method: string;
  readonly path: RegExp;
  readonly handle: (request: CapturedRequest, params: string[], query: URLSearchParams) => Reply;
}

/** A JSON reply. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  };
}

/** The request body as JSON, or undefined when it is none. */
export function bodyJson(request: CapturedRequest): unknown {
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * A reply rule that answers as a host's API would: the first route whose method and path match
 * handles the request; anything else is a 404 in the host's error shape.
 */
export function routeRequests(
  routes: readonly Route[],
  notFound: Reply,
): (request: CapturedRequest) => Reply {
  return (request) => {
    const url = new URL(request.path, 'http://stand-in');
    for (const route of routes) {
      if (route.method !== request.method) continue;
      const match = route.path.exec(url.pathname);
      if (match === null) continue;
      return route.handle(
        request,
        match.slice(1).map((part) => decodeURIComponent(part)),
        url.searchParams,
      );
    }
    return notFound;
  };
}
