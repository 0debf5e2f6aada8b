import { cloneJson, isJsonObject, type JsonObject } from './json.js';
import { formatKubeTime, objectKey, type KubeObject } from './kube-object.js';
import {
  groupResourceOf,
  storageKeyOf,
  type ResourceType,
  type ResourceVersion,
} from './resource-type.js';
import { apiErrors, deletedStatus } from './status-errors.js';
import type { ObjectStore } from './store.js';
import { servedObject, type DeleteResult, type WriteContext } from './write-context.js';

/** Namespaces also wait for spec.finalizers (the namespace controller's `kubernetes`). */
export function hasSpecFinalizers(type: ResourceType, object: KubeObject): boolean {
  if (type.group !== '' || type.resource !== 'namespaces') return false;
  const spec = object.spec;
  return isJsonObject(spec) && Array.isArray(spec.finalizers) && spec.finalizers.length > 0;
}

/**
 * Deletion as the generic registry does it: preconditions (409), then either a mark
 * (deletionTimestamp, and Terminating for namespaces) while finalizers remain, or removal.
 */
export class ObjectDeleter {
  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => Date,
  ) {}

  /** DELETE of one object, honouring preconditions and finalizers. */
  delete(ctx: WriteContext, old: KubeObject, options: JsonObject): DeleteResult {
    const name = old.metadata.name ?? '';
    const preconditions = isJsonObject(options.preconditions) ? options.preconditions : {};
    const gr = groupResourceOf(ctx.type);
    if (typeof preconditions.uid === 'string' && preconditions.uid !== old.metadata.uid) {
      throw apiErrors.conflict(
        gr,
        name,
        `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${old.metadata.uid ?? ''}`,
      );
    }
    if (
      typeof preconditions.resourceVersion === 'string' &&
      preconditions.resourceVersion !== old.metadata.resourceVersion
    ) {
      throw apiErrors.conflict(
        gr,
        name,
        `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion ?? ''}`,
      );
    }
    if (ctx.dryRun) return { body: servedObject(old, ctx.type, ctx.version), removed: false };
    return this.deleteStored(ctx.type, ctx.version, old);
  }

  /** Deletes a stored object: marked with deletionTimestamp while finalizers remain, removed otherwise. */
  deleteStored(type: ResourceType, version: ResourceVersion, old: KubeObject): DeleteResult {
    const storageKey = storageKeyOf(type);
    const key = objectKey(old.metadata.namespace, old.metadata.name ?? '');
    const isNamespace = type.group === '' && type.resource === 'namespaces';
    if (old.metadata.deletionTimestamp)
      return { body: servedObject(old, type, version), removed: false };
    const pending = (old.metadata.finalizers ?? []).length > 0 || hasSpecFinalizers(type, old);
    if (pending) {
      const next = cloneJson(old);
      next.metadata.deletionTimestamp = formatKubeTime(this.now());
      next.metadata.deletionGracePeriodSeconds = 0;
      if (type.tracksGeneration) next.metadata.generation = (old.metadata.generation ?? 0) + 1;
      if (isNamespace)
        next.status = { ...(isJsonObject(old.status) ? old.status : {}), phase: 'Terminating' };
      return {
        body: servedObject(this.store.update(storageKey, key, next), type, version),
        removed: false,
      };
    }
    const removed = this.store.delete(storageKey, key) ?? old;
    const body = isNamespace
      ? servedObject(removed, type, version)
      : (deletedStatus(
          groupResourceOf(type),
          old.metadata.name ?? '',
          old.metadata.uid,
        ) as unknown as JsonObject);
    return { body, removed: true };
  }
}
