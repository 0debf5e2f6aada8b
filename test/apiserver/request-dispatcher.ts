import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ControlPlane } from './control-plane.js';
import { Discovery, VERSION_INFO } from './discovery.js';
import type { Faults, RequestFacts } from './faults.js';
import {
  newResponseIdentity,
  sendObject,
  sendStatus,
  sendText,
  standardHeaders,
} from './http-io.js';
import type { JsonObject } from './json.js';
import { negotiateOutput } from './negotiation.js';
import { OpenApiV3 } from './openapi.js';
import { routeOf, type Route } from './request-path.js';
import { handleResource, verbOf, type Verb } from './resource-handler.js';
import { ApiError, apiErrors } from './status-errors.js';

export interface RequestRecord {
  method: string;
  path: string;
  query: string;
  verb?: Verb;
  status?: number;
  userAgent?: string;
}

const MAX_REQUEST_RECORDS = 10_000;
const ROOT_PATHS = [
  '/api',
  '/api/v1',
  '/apis',
  '/healthz',
  '/livez',
  '/openapi/v3',
  '/readyz',
  '/version',
];

function resourceLabel(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

export interface DispatcherDeps {
  plane: ControlPlane;
  faults: Faults;
  /** `host:port` as /api advertises it. */
  serverAddress: () => string;
  requests: RequestRecord[];
}

/** The server's request listener: records, consults faults, routes, and answers errors as Status. */
export function createRequestListener(deps: DispatcherDeps): RequestListener {
  const { plane } = deps;
  const discovery = new Discovery(plane.registry);
  const openapi = new OpenApiV3(plane.registry);
  const identity = newResponseIdentity();
  const resourceDeps = {
    store: plane.store,
    registry: plane.registry,
    writer: plane.writer,
    watches: plane.watches,
    now: plane.now,
  };

  function record(req: IncomingMessage, res: ServerResponse, url: URL): RequestRecord {
    const entry: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
    };
    if (req.headers['user-agent']) entry.userAgent = req.headers['user-agent'];
    deps.requests.push(entry);
    // Trim in halves so a long run does not pay for shifting the log on every request.
    if (deps.requests.length > MAX_REQUEST_RECORDS)
      deps.requests.splice(0, MAX_REQUEST_RECORDS / 2);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    return entry;
  }

  async function dispatch(
    route: Route,
    verb: Verb | undefined,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    headers: Record<string, string>,
  ): Promise<void> {
    const sendJson = (body: JsonObject | undefined): void => {
      if (!body) throw apiErrors.pathNotFound();
      const format = negotiateOutput(req.headers.accept, false);
      sendObject(res, 200, body, { headers, yaml: format.kind === 'yaml' });
    };
    switch (route.kind) {
      case 'resource':
        if (!verb)
          throw apiErrors.methodNotSupported({
            group: route.target.group,
            resource: route.target.resource,
          });
        await handleResource(resourceDeps, req, res, route.target, url.searchParams, verb, headers);
        return;
      case 'core-versions':
        sendJson(discovery.coreVersions(deps.serverAddress()));
        return;
      case 'group-list':
        sendJson(discovery.groupList());
        return;
      case 'group':
        sendJson(discovery.group(route.group));
        return;
      case 'resource-list':
        sendJson(discovery.resourceList(route.group, route.version));
        return;
      case 'version':
        sendJson(VERSION_INFO);
        return;
      case 'openapi-v3-index':
        sendJson(openapi.index());
        return;
      case 'openapi-v3':
        sendJson(openapi.document(route.group, route.version));
        return;
      case 'health':
        sendText(res, 200, 'ok', headers);
        return;
      case 'root':
        sendJson({ paths: ROOT_PATHS });
        return;
      case 'unknown':
        sendText(res, 404, '404 page not found\n', headers);
        return;
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://apiserver');
    const method = req.method ?? 'GET';
    const headers = standardHeaders(identity);
    const entry = record(req, res, url);
    try {
      const route = routeOf(url.pathname);
      const facts: RequestFacts = { method, path: url.pathname };
      let verb: Verb | undefined;
      if (route.kind === 'resource') {
        verb = verbOf(method, route.target, url.searchParams);
        if (verb) entry.verb = verb;
        Object.assign(facts, {
          ...(verb ? { verb } : {}),
          resource: resourceLabel(route.target.group, route.target.resource),
          ...(route.target.namespace ? { namespace: route.target.namespace } : {}),
        });
      }
      const fault = deps.faults.take(facts);
      if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      if (fault?.status) {
        sendStatus(res, fault.status, headers);
        return;
      }
      await dispatch(route, verb, req, res, url, headers);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const apiError =
        error instanceof ApiError
          ? error
          : apiErrors.internal(error instanceof Error ? error.message : String(error));
      sendStatus(res, apiError.status, headers);
    }
  }

  return (req, res) => {
    void serve(req, res);
  };
}
