import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Discovery, VERSION_INFO } from './discovery.js';
import { EventTtl } from './event-ttl.js';
import { Faults, type RequestFacts, type RestartOptions } from './faults.js';
import {
  newResponseIdentity,
  sendObject,
  sendStatus,
  sendText,
  standardHeaders,
} from './http-io.js';
import { describeValue, isJsonObject, type JsonObject } from './json.js';
import type { KubeObject } from './kube-object.js';
import { kubeconfigYaml, writeKubeconfigFile, type KubeconfigOptions } from './kubeconfig.js';
import { LifecycleControllers } from './lifecycle-controllers.js';
import { readManifestFile } from './manifests.js';
import { negotiateOutput } from './negotiation.js';
import { ObjectWriter } from './object-writer.js';
import { servedObject, type WriteContext } from './write-context.js';
import { OpenApiV3 } from './openapi.js';
import { routeOf, type Route } from './request-path.js';
import { handleResource, verbOf, type Verb } from './resource-handler.js';
import { ResourceRegistry } from './resource-registry.js';
import { storageKeyOf } from './resource-type.js';
import { ApiError, apiErrors } from './status-errors.js';
import { ObjectStore } from './store.js';
import { WatchHub } from './watch.js';

export interface TestApiServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** CRD manifests installed at start (and again after a restart that drops state). */
  crdFiles?: readonly string[];
  /** Changes kept for watches to resume from (default 10,000). */
  historyLimit?: number;
  /** How often watches that allow bookmarks get one (default 60 s, as the real server). */
  bookmarkIntervalMs?: number;
  /** Lifetime of core/v1 Events after their last write (default 1 h, as the real server). */
  eventTtlSeconds?: number;
  /** Namespaces created at start besides `default`, `kube-system`, `kube-public`, `kube-node-lease`. */
  namespaces?: readonly string[];
  /** The clock for timestamps and Age cells. */
  now?: () => Date;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: string;
  verb?: Verb;
  status?: number;
  userAgent?: string;
}

export interface TestApiServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  readonly faults: Faults;
  /** Requests served so far, oldest first (bounded). */
  readonly requests: readonly RequestRecord[];
  kubeconfig(options?: KubeconfigOptions): string;
  writeKubeconfig(file: string, options?: KubeconfigOptions): Promise<void>;
  /** Creates an object directly (same validation as a POST), e.g. to seed a test. */
  create(object: JsonObject): KubeObject;
  get(apiVersion: string, kind: string, name: string, namespace?: string): KubeObject | undefined;
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[];
  /** Deletes an object directly (finalizers still hold it), e.g. behind a client's back. */
  delete(apiVersion: string, kind: string, name: string, namespace?: string): boolean;
  /** Number of open watch streams. */
  openWatches(): number;
  close(): Promise<void>;
}

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const MAX_REQUEST_RECORDS = 10_000;
const SEED_MANAGER = 'herald-test-apiserver';

function resourceLabel(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** A fresh in-memory API server; every instance owns all of its state. */
export async function startTestApiServer(
  options: TestApiServerOptions = {},
): Promise<TestApiServer> {
  const now = options.now ?? (() => new Date());
  const host = options.host ?? '127.0.0.1';
  const store = new ObjectStore({
    historyLimit: options.historyLimit ?? 10_000,
    initialResourceVersion: 1000,
  });
  const registry = new ResourceRegistry();
  const writer = new ObjectWriter(store, now);
  const watches = new WatchHub(store, now, options.bookmarkIntervalMs ?? 60_000);
  new LifecycleControllers(store, registry, writer, watches);
  const eventTtl = new EventTtl(
    store,
    registry,
    writer,
    (options.eventTtlSeconds ?? 3600) * 1000,
    now,
  );
  const discovery = new Discovery(registry);
  const openapi = new OpenApiV3(registry);
  const identity = newResponseIdentity();
  const requests: RequestRecord[] = [];
  const crdManifests = (await Promise.all((options.crdFiles ?? []).map(readManifestFile))).flat();
  for (const manifest of crdManifests) {
    if (manifest.kind !== 'CustomResourceDefinition') {
      const name = isJsonObject(manifest.metadata) ? manifest.metadata.name : undefined;
      throw new Error(
        `crdFiles: ${describeValue(manifest.kind)} "${describeValue(name)}" is not a CustomResourceDefinition`,
      );
    }
  }

  const seed = (object: JsonObject): KubeObject => {
    const [group, version] = splitApiVersion(describeValue(object.apiVersion ?? ''));
    const type = registry.findByKind(group, describeValue(object.kind ?? ''));
    const served = type ? registry.find(group, version, type.resource) : undefined;
    if (!type || !served) {
      throw apiErrors.badRequest(
        `no kind "${describeValue(object.kind)}" is registered for version "${describeValue(object.apiVersion)}"`,
      );
    }
    const metadata = (object.metadata ?? {}) as JsonObject;
    const ctx: WriteContext = {
      type,
      version: served.version,
      namespace: type.namespaced
        ? typeof metadata.namespace === 'string'
          ? metadata.namespace
          : 'default'
        : undefined,
      subresource: '',
      fieldManager: SEED_MANAGER,
      fieldValidation: 'Strict',
      dryRun: false,
      warnings: [],
    };
    return writer.create(ctx, object);
  };
  const bootstrap = (): void => {
    for (const name of [...SYSTEM_NAMESPACES, ...(options.namespaces ?? [])]) {
      seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
    for (const manifest of crdManifests) seed(manifest);
  };
  bootstrap();

  const server: Server = createServer((req, res) => {
    void serve(req, res);
  });
  server.keepAliveTimeout = 60_000;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://apiserver');
    const method = req.method ?? 'GET';
    const headers = standardHeaders(identity);
    const record: RequestRecord = {
      method,
      path: url.pathname,
      query: url.search,
      ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
    };
    requests.push(record);
    if (requests.length > MAX_REQUEST_RECORDS)
      requests.splice(0, requests.length - MAX_REQUEST_RECORDS);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    try {
      const route = routeOf(url.pathname);
      const facts: RequestFacts = { method, path: url.pathname };
      let verb: Verb | undefined;
      if (route.kind === 'resource') {
        verb = verbOf(method, route.target, url.searchParams);
        if (verb) record.verb = verb;
        Object.assign(facts, {
          ...(verb ? { verb } : {}),
          resource: resourceLabel(route.target.group, route.target.resource),
          ...(route.target.namespace ? { namespace: route.target.namespace } : {}),
        });
      }
      const fault = faults.take(facts);
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
        await handleResource(
          { store, registry, writer, watches, now },
          req,
          res,
          route.target,
          url.searchParams,
          verb,
          headers,
        );
        return;
      case 'core-versions':
        sendJson(discovery.coreVersions(`${host}:${String(currentPort)}`));
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
        sendJson({
          paths: [
            '/api',
            '/api/v1',
            '/apis',
            '/healthz',
            '/livez',
            '/openapi/v3',
            '/readyz',
            '/version',
          ],
        });
        return;
      case 'unknown':
        sendText(res, 404, '404 page not found\n', headers);
        return;
    }
  }

  let currentPort = options.port ?? 0;
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(currentPort, host, () => {
        server.off('error', reject);
        currentPort = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      watches.cut({ mode: 'reset' });
      server.close(() => {
        resolve();
      });
      server.closeAllConnections();
    });

  const faults = new Faults({
    cutWatches: (cut) => watches.cut(cut),
    expireResourceVersions: () => String(store.expireHistory()),
    sendBookmarks: () => {
      watches.sendBookmarks();
    },
    expireEvents: () => eventTtl.expire(true),
    restart: async (restart: RestartOptions) => {
      await stopListening();
      if (restart.keepState === false) {
        store.clear();
        registry.clearCustom();
        bootstrap();
      } else {
        // A restarted server's watch cache starts at the current resourceVersion.
        store.compactHistory();
      }
      await restart.whileDown?.();
      await listen();
    },
  });

  await listen();
  const url = (): string => `http://${host}:${String(currentPort)}`;

  return {
    get url() {
      return url();
    },
    get port() {
      return currentPort;
    },
    faults,
    requests,
    kubeconfig: (kc) => kubeconfigYaml(url(), kc),
    writeKubeconfig: (file, kc) => writeKubeconfigFile(file, kubeconfigYaml(url(), kc)),
    create: seed,
    get(apiVersion, kind, name, namespace) {
      const found = lookup(apiVersion, kind);
      if (!found) return undefined;
      const object = store.get(
        storageKeyOf(found.type),
        found.type.namespaced ? `${namespace ?? 'default'}/${name}` : name,
      );
      return object ? servedObject(object, found.type, found.version) : undefined;
    },
    list(apiVersion, kind, namespace) {
      const found = lookup(apiVersion, kind);
      if (!found) return [];
      return store
        .list(storageKeyOf(found.type), namespace)
        .map((o) => servedObject(o, found.type, found.version));
    },
    delete(apiVersion, kind, name, namespace) {
      const found = lookup(apiVersion, kind);
      if (!found) return false;
      const key = found.type.namespaced ? `${namespace ?? 'default'}/${name}` : name;
      const object = store.get(storageKeyOf(found.type), key);
      if (!object) return false;
      writer.deleteStored(found.type, found.version, object);
      return true;
    },
    openWatches: () => watches.openCount,
    async close() {
      eventTtl.close();
      watches.close();
      await stopListening();
    },
  };

  function lookup(apiVersion: string, kind: string) {
    const [group, version] = splitApiVersion(apiVersion);
    const type = registry.findByKind(group, kind);
    return type ? registry.find(group, version, type.resource) : undefined;
  }
}

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash === -1
    ? ['', apiVersion]
    : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}
