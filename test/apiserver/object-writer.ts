import { randomUUID } from 'node:crypto';
import { applyConfiguration, parseApplyBody } from './apply.js';
import {
  cloneJson,
  describeValue,
  isJsonObject,
  jsonEqual,
  omitKeys,
  type JsonObject,
  type JsonValue,
} from './json.js';
import { formatKubeTime, objectKey, type KubeObject } from './kube-object.js';
import {
  parseManagedFields,
  recordApply,
  recordUpdate,
  serializeManagedFields,
  type FieldScope,
  type ManagerEntry,
  type ManagerIdentity,
} from './managed-fields.js';
import { hasSpecFinalizers, ObjectDeleter } from './object-deleter.js';
import { decodeObject, validateObject, withoutTypeAndMeta } from './object-decoder.js';
import { generateName } from './object-meta.js';
import {
  APPLY_PATCH,
  JSON_PATCH,
  MERGE_PATCH,
  STRATEGIC_MERGE_PATCH,
  jsonPatch,
  mergePatch,
  strategicMergePatch,
} from './patch.js';
import {
  apiVersionOf,
  groupResourceOf,
  storageKeyOf,
  type ResourceType,
  type ResourceVersion,
} from './resource-type.js';
import { ApiError, apiErrors } from './status-errors.js';
import type { ObjectStore } from './store.js';
import {
  canonical,
  servedObject,
  type DeleteResult,
  type WriteContext,
  type WriteResult,
} from './write-context.js';

const NAMESPACES = { group: '', resource: 'namespaces' };
const CRDS = { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' };

function stripForComparison(object: KubeObject): KubeObject {
  return { ...object, metadata: omitKeys(object.metadata, ['managedFields', 'resourceVersion']) };
}

/**
 * The write path of the real registry: decode (prune, default, type-check), strategy (system
 * metadata, status subresource, generation), validation (422), optimistic concurrency (409),
 * managed fields, then the store. One instance per server.
 */
export class ObjectWriter {
  private readonly deleter: ObjectDeleter;

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => Date,
  ) {
    this.deleter = new ObjectDeleter(store, now);
  }

  private scopeOf(ctx: WriteContext): FieldScope {
    if (ctx.subresource === 'status') return 'status';
    return ctx.version.statusSubresource ? 'main' : 'all';
  }

  private identity(ctx: WriteContext): ManagerIdentity {
    return {
      manager: ctx.fieldManager,
      apiVersion: apiVersionOf(ctx.type.group, ctx.version.name),
      subresource: ctx.subresource,
      now: this.now(),
    };
  }

  decode(ctx: WriteContext, body: JsonValue, applyDefaults = true): KubeObject {
    return decodeObject(ctx, body, applyDefaults);
  }

  private validate(ctx: WriteContext, object: KubeObject, old: KubeObject | undefined): void {
    validateObject(ctx, object, old);
  }

  /** NamespaceLifecycle admission: namespaced writes need an existing (and, to create, live) namespace. */
  private admitNamespace(ctx: WriteContext, forCreate: boolean, name: string): void {
    if (!ctx.type.namespaced || !ctx.namespace) return;
    const namespace = this.store.get(storageKeyOf(NAMESPACES), ctx.namespace);
    if (!namespace) throw apiErrors.notFound(NAMESPACES, ctx.namespace);
    if (forCreate && namespace.metadata.deletionTimestamp) {
      const why = `unable to create new content in namespace ${ctx.namespace} because it is being terminated`;
      throw apiErrors.forbidden(groupResourceOf(ctx.type), name, why, [
        {
          reason: 'NamespaceTerminating',
          message: `namespace ${ctx.namespace} is being terminated`,
          field: 'metadata.namespace',
        },
      ]);
    }
  }

  private refuseIfCrdTerminating(ctx: WriteContext): void {
    if (ctx.type.builtin) return;
    const crd = this.store.get(storageKeyOf(CRDS), `${ctx.type.resource}.${ctx.type.group}`);
    if (crd?.metadata.deletionTimestamp) {
      const error = apiErrors.methodNotSupported(groupResourceOf(ctx.type));
      throw new ApiError({
        ...error.status,
        message: 'create not allowed while custom resource definition is terminating',
      });
    }
  }

  private checkNamespaceOf(ctx: WriteContext, object: KubeObject): void {
    if (!ctx.type.namespaced) {
      delete object.metadata.namespace;
      return;
    }
    if (object.metadata.namespace && object.metadata.namespace !== ctx.namespace) {
      throw apiErrors.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    if (ctx.namespace) object.metadata.namespace = ctx.namespace;
  }

  private get(ctx: WriteContext, name: string): KubeObject | undefined {
    return this.store.get(
      storageKeyOf(ctx.type),
      objectKey(ctx.type.namespaced ? ctx.namespace : undefined, name),
    );
  }

  private require(ctx: WriteContext, name: string): KubeObject {
    const found = this.get(ctx, name);
    if (!found) throw apiErrors.notFound(groupResourceOf(ctx.type), name);
    return found;
  }

  /** POST to a collection. */
  create(ctx: WriteContext, body: JsonValue): KubeObject {
    const object = this.decode(ctx, body);
    return this.insert(ctx, object, (stored) =>
      recordUpdate([], {}, stored, this.identity(ctx), this.scopeOf(ctx)),
    );
  }

  private insert(
    ctx: WriteContext,
    object: KubeObject,
    managed: (stored: KubeObject) => ManagerEntry[],
  ): KubeObject {
    const meta = object.metadata;
    this.checkNamespaceOf(ctx, object);
    this.admitNamespace(ctx, true, meta.name ?? '');
    this.refuseIfCrdTerminating(ctx);
    if (meta.resourceVersion)
      throw apiErrors.internal('resourceVersion should not be set on objects to be created');
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    meta.uid = randomUUID();
    meta.creationTimestamp = formatKubeTime(this.now());
    if (ctx.type.tracksGeneration) meta.generation = 1;
    else delete meta.generation;
    if (ctx.version.statusSubresource) delete object.status;
    ctx.type.hooks.prepareForCreate?.(object);
    this.validate(ctx, object, undefined);
    const key = objectKey(meta.namespace, meta.name ?? '');
    if (this.store.get(storageKeyOf(ctx.type), key)) {
      throw apiErrors.alreadyExists(groupResourceOf(ctx.type), meta.name ?? '');
    }
    meta.managedFields = serializeManagedFields(managed(object));
    if (meta.managedFields.length === 0) delete meta.managedFields;
    const stored = canonical(object, ctx.type, ctx.version);
    if (ctx.dryRun) return servedObject(stored, ctx.type, ctx.version);
    return servedObject(
      this.store.create(storageKeyOf(ctx.type), key, stored),
      ctx.type,
      ctx.version,
    );
  }

  /** PUT to an object or its status. */
  replace(ctx: WriteContext, name: string, body: JsonValue): WriteResult {
    const candidate = this.decode(ctx, body);
    if (candidate.metadata.name !== undefined && candidate.metadata.name !== name) {
      throw apiErrors.badRequest(
        `the name of the object (${candidate.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const old = this.get(ctx, name);
    if (!old) {
      if (!ctx.type.allowCreateOnUpdate || ctx.subresource)
        throw apiErrors.notFound(groupResourceOf(ctx.type), name);
      candidate.metadata.name = name;
      delete candidate.metadata.resourceVersion;
      return { object: this.create(ctx, candidate), created: true };
    }
    this.checkNamespaceOf(ctx, candidate);
    this.checkResourceVersion(ctx, old, candidate);
    return { object: this.commitUpdate(ctx, old, candidate, undefined), created: false };
  }

  private checkResourceVersion(ctx: WriteContext, old: KubeObject, candidate: KubeObject): void {
    const wanted = candidate.metadata.resourceVersion;
    if (wanted && wanted !== old.metadata.resourceVersion) {
      throw apiErrors.staleResourceVersion(groupResourceOf(ctx.type), old.metadata.name ?? '');
    }
  }

  /** The update strategy: what a write may change, generation, managed fields, then store or no-op. */
  private commitUpdate(
    ctx: WriteContext,
    old: KubeObject,
    candidate: KubeObject,
    managedOverride: ManagerEntry[] | undefined,
  ): KubeObject {
    const next =
      ctx.subresource === 'status'
        ? this.statusOnly(old, candidate)
        : this.mainOnly(ctx, old, candidate);
    this.admitNamespace(ctx, false, old.metadata.name ?? '');
    this.validate(ctx, next, old);
    const explicit = candidate.metadata.managedFields;
    const resetByClient =
      ctx.subresource === '' &&
      explicit !== undefined &&
      !jsonEqual(explicit, old.metadata.managedFields);
    const base = parseManagedFields(resetByClient ? explicit : old.metadata.managedFields);
    const entries =
      managedOverride ?? recordUpdate(base, old, next, this.identity(ctx), this.scopeOf(ctx));
    const unchanged = jsonEqual(stripForComparison(next), stripForComparison(old));
    const managedFields = serializeManagedFields(entries);
    if (unchanged && !resetByClient && managedOverride === undefined)
      return servedObject(old, ctx.type, ctx.version);
    if (unchanged && jsonEqual(managedFields, old.metadata.managedFields ?? [])) {
      return servedObject(old, ctx.type, ctx.version);
    }
    next.metadata.managedFields = managedFields;
    if (managedFields.length === 0) delete next.metadata.managedFields;
    if (ctx.dryRun) return servedObject(next, ctx.type, ctx.version);
    const key = objectKey(old.metadata.namespace, old.metadata.name ?? '');
    const storageKey = storageKeyOf(ctx.type);
    // An update that clears the last finalizer of an object being deleted completes the deletion.
    if (
      next.metadata.deletionTimestamp &&
      (next.metadata.finalizers ?? []).length === 0 &&
      !hasSpecFinalizers(ctx.type, next)
    ) {
      const removed = this.store.delete(storageKey, key);
      return servedObject(removed ?? next, ctx.type, ctx.version);
    }
    const stored = canonical(next, ctx.type, ctx.version);
    return servedObject(this.store.update(storageKey, key, stored), ctx.type, ctx.version);
  }

  private statusOnly(old: KubeObject, candidate: KubeObject): KubeObject {
    const next = cloneJson(old);
    if (candidate.status === undefined) delete next.status;
    else next.status = cloneJson(candidate.status);
    return next;
  }

  private mainOnly(ctx: WriteContext, old: KubeObject, candidate: KubeObject): KubeObject {
    const next = candidate;
    const meta = next.metadata;
    const oldMeta = old.metadata;
    const system = [
      'name',
      'namespace',
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'generation',
    ];
    for (const member of system) {
      const value = oldMeta[member];
      if (value === undefined) Reflect.deleteProperty(meta, member);
      else meta[member] = value;
    }
    meta.resourceVersion = oldMeta.resourceVersion;
    if (ctx.version.statusSubresource) {
      if (old.status === undefined) delete next.status;
      else next.status = cloneJson(old.status);
    }
    if (
      ctx.type.tracksGeneration &&
      !jsonEqual(withoutTypeAndMeta(next), withoutTypeAndMeta(old))
    ) {
      meta.generation = (oldMeta.generation ?? 0) + 1;
    }
    return next;
  }

  /** PATCH in any of the four patch types this resource accepts. */
  patch(
    ctx: WriteContext,
    name: string,
    contentType: string,
    rawBody: string,
    force: boolean,
  ): WriteResult {
    const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
    const accepted = ctx.type.builtin
      ? [
          JSON_PATCH,
          MERGE_PATCH,
          STRATEGIC_MERGE_PATCH,
          APPLY_PATCH,
          'application/apply-patch+cbor',
        ]
      : [JSON_PATCH, MERGE_PATCH, APPLY_PATCH];
    if (!accepted.includes(mediaType) || mediaType === 'application/apply-patch+cbor') {
      throw apiErrors.unsupportedMediaType(accepted);
    }
    if (mediaType === APPLY_PATCH)
      return this.serverSideApply(ctx, name, parseApplyBody(rawBody), force);
    let patchBody: JsonValue;
    try {
      patchBody = JSON.parse(rawBody) as JsonValue;
    } catch (error) {
      throw apiErrors.badRequest(
        `error decoding patch: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const old = this.require(ctx, name);
    const base = servedObject(old, ctx.type, ctx.version);
    let patched: JsonValue;
    if (mediaType === JSON_PATCH) patched = jsonPatch(base, patchBody);
    else if (mediaType === MERGE_PATCH) patched = mergePatch(base, patchBody);
    else patched = strategicMergePatch(base, patchBody, ctx.version.schema);
    const candidate = this.decode(ctx, patched);
    if (candidate.metadata.name !== name) {
      throw apiErrors.badRequest(
        `the name of the object (${candidate.metadata.name ?? ''}) does not match the name on the URL (${name})`,
      );
    }
    this.checkNamespaceOf(ctx, candidate);
    this.checkResourceVersion(ctx, old, candidate);
    return { object: this.commitUpdate(ctx, old, candidate, undefined), created: false };
  }

  private serverSideApply(
    ctx: WriteContext,
    name: string,
    applied: JsonObject,
    force: boolean,
  ): WriteResult {
    if (!ctx.fieldManager)
      throw apiErrors.badRequest(
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    const metadata = isJsonObject(applied.metadata) ? applied.metadata : {};
    if (metadata.name !== undefined && metadata.name !== name) {
      throw apiErrors.badRequest(
        `the name of the object (${describeValue(metadata.name)}) does not match the name on the URL (${name})`,
      );
    }
    const body = { ...applied, metadata: { ...metadata, name } };
    // What the manager applied, not what defaulting adds, is what it comes to own.
    const config = this.decode(ctx, body, false);
    config.metadata = omitKeys(config.metadata, [
      'uid',
      'creationTimestamp',
      'managedFields',
      'generation',
    ]);
    const who = this.identity(ctx);
    const scope = this.scopeOf(ctx);
    const old = this.get(ctx, name);
    if (!old) {
      if (ctx.subresource) throw apiErrors.notFound(groupResourceOf(ctx.type), name);
      const stored = this.insert(ctx, this.decode(ctx, body), () =>
        recordApply([], config, [], who, scope),
      );
      return { object: stored, created: true };
    }
    this.checkResourceVersion(ctx, old, config);
    delete config.metadata.resourceVersion;
    const live = servedObject(old, ctx.type, ctx.version);
    const entries = parseManagedFields(old.metadata.managedFields);
    const result = applyConfiguration(live, config, entries, who, force, scope);
    const candidate = result.object as KubeObject;
    return { object: this.commitUpdate(ctx, old, candidate, result.entries), created: false };
  }

  delete(ctx: WriteContext, name: string, options: JsonObject): DeleteResult {
    return this.deleter.delete(ctx, this.require(ctx, name), options);
  }

  deleteStored(type: ResourceType, version: ResourceVersion, old: KubeObject): DeleteResult {
    return this.deleter.deleteStored(type, version, old);
  }

  /** Controllers (namespace, CRD cleanup) drop a finalizer they are done with. */
  removeFinalizer(
    type: ResourceType,
    version: ResourceVersion,
    object: KubeObject,
    finalizer: string,
    fromSpec: boolean,
  ): void {
    const candidate = cloneJson(object);
    if (fromSpec && isJsonObject(candidate.spec) && Array.isArray(candidate.spec.finalizers)) {
      candidate.spec.finalizers = candidate.spec.finalizers.filter((f) => f !== finalizer);
    } else {
      candidate.metadata.finalizers = (candidate.metadata.finalizers ?? []).filter(
        (f) => f !== finalizer,
      );
    }
    const ctx: WriteContext = {
      type,
      version,
      namespace: object.metadata.namespace,
      subresource: '',
      fieldManager: fromSpec ? 'kube-controller-manager' : 'kube-apiserver',
      fieldValidation: 'Ignore',
      dryRun: false,
      warnings: [],
    };
    // The namespace controller finalizes through /finalize, which may change spec.finalizers only.
    this.commitUpdate(ctx, object, candidate, undefined);
  }
}
