import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ControlPlane } from './control-plane.js';
import { Faults, type RestartOptions } from './faults.js';
import type { JsonObject } from './json.js';
import type { KubeObject } from './kube-object.js';
import { kubeconfigYaml, writeKubeconfigFile, type KubeconfigOptions } from './kubeconfig.js';
import { readManifestFile } from './manifests.js';
import { createRequestListener, type RequestRecord } from './request-dispatcher.js';

export type { RequestRecord } from './request-dispatcher.js';

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

/** A fresh in-memory API server listening on HTTP; every instance owns all of its state. */
export async function startTestApiServer(
  options: TestApiServerOptions = {},
): Promise<TestApiServer> {
  const host = options.host ?? '127.0.0.1';
  const crds = (await Promise.all((options.crdFiles ?? []).map(readManifestFile))).flat();
  const plane = new ControlPlane({
    historyLimit: options.historyLimit ?? 10_000,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    eventTtlMs: (options.eventTtlSeconds ?? 3600) * 1000,
    namespaces: options.namespaces ?? [],
    crds,
    now: options.now ?? (() => new Date()),
  });
  const requests: RequestRecord[] = [];
  let port = options.port ?? 0;

  const server: Server = createServer();
  server.keepAliveTimeout = 60_000;
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      plane.watches.cut({ mode: 'reset' });
      server.close(() => {
        resolve();
      });
      server.closeAllConnections();
    });

  const faults = new Faults({
    cutWatches: (cut) => plane.watches.cut(cut),
    expireResourceVersions: () => String(plane.store.expireHistory()),
    sendBookmarks: () => {
      plane.watches.sendBookmarks();
    },
    expireEvents: () => plane.eventTtl.expire(true),
    restart: async (restart: RestartOptions) => {
      await stopListening();
      if (restart.keepState === false) plane.reset();
      else plane.store.restartWatchCaches();
      await restart.whileDown?.();
      await listen();
    },
  });
  server.on(
    'request',
    createRequestListener({
      plane,
      faults,
      requests,
      serverAddress: () => `${host}:${String(port)}`,
    }),
  );
  await listen();
  const url = (): string => `http://${host}:${String(port)}`;

  return {
    get url() {
      return url();
    },
    get port() {
      return port;
    },
    faults,
    requests,
    kubeconfig: (kc) => kubeconfigYaml(url(), kc),
    writeKubeconfig: (file, kc) => writeKubeconfigFile(file, kubeconfigYaml(url(), kc)),
    create: (object) => plane.create(object),
    get: (apiVersion, kind, name, namespace) => plane.get(apiVersion, kind, name, namespace),
    list: (apiVersion, kind, namespace) => plane.list(apiVersion, kind, namespace),
    delete: (apiVersion, kind, name, namespace) => plane.delete(apiVersion, kind, name, namespace),
    openWatches: () => plane.watches.openCount,
    async close() {
      plane.close();
      await stopListening();
    },
  };
}
