import { CRD_CLEANUP_FINALIZER } from './crd-validation.js';
import { isJsonObject } from './json.js';
import type { KubeObject } from './kube-object.js';
import type { ObjectWriter } from './object-writer.js';
import type { ResourceRegistry } from './resource-registry.js';
import { storageKeyOf, type ResourceType } from './resource-type.js';
import type { ObjectStore, StoreEvent } from './store.js';
import type { WatchHub } from './watch.js';

const NAMESPACE_KEY = '/namespaces';
const CRD_KEY = 'apiextensions.k8s.io/customresourcedefinitions';
const NAMESPACE_FINALIZER = 'kubernetes';

/**
 * What the real control plane's controllers do for the kinds served here: CRDs become served
 * resources; a namespace being deleted loses its content and then itself; a CRD being deleted
 * loses its custom resources and then itself. Work runs after the request that caused it.
 */
export class LifecycleControllers {
  private readonly namespaces = new Set<string>();
  private readonly crds = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly registry: ResourceRegistry,
    private readonly writer: ObjectWriter,
    private readonly watches: WatchHub,
  ) {
    store.subscribe((event) => {
      this.observe(event);
    });
  }

  private observe(event: StoreEvent): void {
    const { object } = event;
    if (event.storageKey === CRD_KEY) {
      const name = object.metadata.name ?? '';
      if (event.type === 'DELETED') {
        const type = this.registry.customTypeOf(name);
        this.registry.removeCrd(name);
        if (type) this.watches.closeResource(storageKeyOf(type));
      } else {
        this.registry.applyCrd(object);
        if (object.metadata.deletionTimestamp) this.crds.add(name);
      }
    } else if (
      event.storageKey === NAMESPACE_KEY &&
      event.type !== 'DELETED' &&
      object.metadata.deletionTimestamp
    ) {
      this.namespaces.add(object.metadata.name ?? '');
    }
    if (this.namespaces.size > 0 || this.crds.size > 0) this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.run();
    });
  }

  private run(): void {
    for (const name of [...this.namespaces]) this.finalizeNamespace(name);
    for (const name of [...this.crds]) this.finalizeCrd(name);
  }

  private deleteAll(type: ResourceType, objects: readonly KubeObject[]): void {
    const version = type.versions.find((v) => v.storage) ?? type.versions[0];
    if (!version) return;
    for (const object of objects) this.writer.deleteStored(type, version, object);
  }

  private finalizeNamespace(name: string): void {
    const namespace = this.store.get(NAMESPACE_KEY, name);
    if (!namespace?.metadata.deletionTimestamp) {
      this.namespaces.delete(name);
      return;
    }
    const namespaced = this.registry.all().filter((t) => t.namespaced);
    for (const type of namespaced) this.deleteAll(type, this.store.list(storageKeyOf(type), name));
    const remaining = namespaced.some((t) => this.store.list(storageKeyOf(t), name).length > 0);
    if (remaining) return;
    const spec = namespace.spec;
    const finalizers = isJsonObject(spec) && Array.isArray(spec.finalizers) ? spec.finalizers : [];
    const namespaceType = this.registry.find('', 'v1', 'namespaces');
    if (finalizers.includes(NAMESPACE_FINALIZER) && namespaceType) {
      this.writer.removeFinalizer(
        namespaceType.type,
        namespaceType.version,
        namespace,
        NAMESPACE_FINALIZER,
        true,
      );
    }
    if (!this.store.get(NAMESPACE_KEY, name)) this.namespaces.delete(name);
  }

  private finalizeCrd(name: string): void {
    const crd = this.store.get(CRD_KEY, name);
    const type = this.registry.customTypeOf(name);
    if (!crd?.metadata.deletionTimestamp) {
      this.crds.delete(name);
      return;
    }
    if (type) {
      this.deleteAll(type, this.store.list(storageKeyOf(type)));
      if (this.store.count(storageKeyOf(type)) > 0) return;
    }
    const crdType = this.registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions');
    if ((crd.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER) && crdType) {
      this.writer.removeFinalizer(crdType.type, crdType.version, crd, CRD_CLEANUP_FINALIZER, false);
    }
    if (!this.store.get(CRD_KEY, name)) this.crds.delete(name);
  }
}
