import { EventTtl } from './event-ttl.js';
import { describeValue, isJsonObject, type JsonObject } from './json.js';
import { objectKey, type KubeObject } from './kube-object.js';
import { LifecycleControllers } from './lifecycle-controllers.js';
import { ObjectWriter } from './object-writer.js';
import { ResourceRegistry, type ServedResource } from './resource-registry.js';
import { storageKeyOf } from './resource-type.js';
import { apiErrors } from './status-errors.js';
import { ObjectStore } from './store.js';
import { WatchHub } from './watch.js';
import { servedObject, type WriteContext } from './write-context.js';

export interface ControlPlaneOptions {
  historyLimit: number;
  bookmarkIntervalMs: number;
  eventTtlMs: number;
  /** Namespaces created at start besides the system ones. */
  namespaces: readonly string[];
  /** CRD manifests installed at start. */
  crds: readonly JsonObject[];
  now: () => Date;
}

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
/** The field manager of objects the server itself (or a test, directly) creates. */
const SEED_MANAGER = 'herald-test-apiserver';
const FIRST_RESOURCE_VERSION_BASE = 1000;

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash === -1
    ? ['', apiVersion]
    : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

/** Everything behind the HTTP surface of one server: storage, resources, watches, controllers. */
export class ControlPlane {
  readonly store: ObjectStore;
  readonly registry = new ResourceRegistry();
  readonly writer: ObjectWriter;
  readonly watches: WatchHub;
  readonly eventTtl: EventTtl;
  readonly now: () => Date;

  constructor(private readonly options: ControlPlaneOptions) {
    this.now = options.now;
    for (const manifest of options.crds) {
      if (manifest.kind !== 'CustomResourceDefinition') {
        const name = isJsonObject(manifest.metadata) ? manifest.metadata.name : undefined;
        throw new Error(
          `crdFiles: ${describeValue(manifest.kind)} "${describeValue(name)}" is not a CustomResourceDefinition`,
        );
      }
    }
    this.store = new ObjectStore({
      historyLimit: options.historyLimit,
      initialResourceVersion: FIRST_RESOURCE_VERSION_BASE,
    });
    this.writer = new ObjectWriter(this.store, options.now);
    this.watches = new WatchHub(this.store, options.now, options.bookmarkIntervalMs);
    new LifecycleControllers(this.store, this.registry, this.writer, this.watches);
    this.eventTtl = new EventTtl(
      this.store,
      this.registry,
      this.writer,
      options.eventTtlMs,
      options.now,
    );
    this.bootstrap();
  }

  /** The system namespaces, the configured ones and the preloaded CRDs. */
  private bootstrap(): void {
    for (const name of [...SYSTEM_NAMESPACES, ...this.options.namespaces]) {
      this.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    }
    for (const manifest of this.options.crds) this.create(manifest);
  }

  /** Forgets every object, as a server whose etcd was wiped, and bootstraps again. */
  reset(): void {
    this.store.clear();
    this.registry.clearCustom();
    this.bootstrap();
  }

  lookup(apiVersion: string, kind: string): ServedResource | undefined {
    const [group, version] = splitApiVersion(apiVersion);
    const type = this.registry.findByKind(group, kind);
    return type ? this.registry.find(group, version, type.resource) : undefined;
  }

  /** Creates an object through the same decoding and validation as a POST. */
  create(object: JsonObject): KubeObject {
    const apiVersion = describeValue(object.apiVersion ?? '');
    const served = this.lookup(apiVersion, describeValue(object.kind ?? ''));
    if (!served) {
      throw apiErrors.badRequest(
        `no kind "${describeValue(object.kind)}" is registered for version "${apiVersion}"`,
      );
    }
    const metadata = isJsonObject(object.metadata) ? object.metadata : {};
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
    const ctx: WriteContext = {
      type: served.type,
      version: served.version,
      namespace: served.type.namespaced ? namespace : undefined,
      subresource: '',
      fieldManager: SEED_MANAGER,
      fieldValidation: 'Strict',
      dryRun: false,
      warnings: [],
    };
    return this.writer.create(ctx, object);
  }

  private stored(
    served: ServedResource,
    name: string,
    namespace: string | undefined,
  ): KubeObject | undefined {
    const key = objectKey(served.type.namespaced ? (namespace ?? 'default') : undefined, name);
    return this.store.get(storageKeyOf(served.type), key);
  }

  get(apiVersion: string, kind: string, name: string, namespace?: string): KubeObject | undefined {
    const served = this.lookup(apiVersion, kind);
    const object = served && this.stored(served, name, namespace);
    return served && object ? servedObject(object, served.type, served.version) : undefined;
  }

  list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
    const served = this.lookup(apiVersion, kind);
    if (!served) return [];
    return this.store
      .list(storageKeyOf(served.type), namespace)
      .map((o) => servedObject(o, served.type, served.version));
  }

  delete(apiVersion: string, kind: string, name: string, namespace?: string): boolean {
    const served = this.lookup(apiVersion, kind);
    const object = served && this.stored(served, name, namespace);
    if (!served || !object) return false;
    this.writer.deleteStored(served.type, served.version, object);
    return true;
  }

  close(): void {
    this.eventTtl.close();
    this.watches.close();
  }
}
