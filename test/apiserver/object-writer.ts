import { randomUUID } from 'node:crypto';
import { applyConfiguration, parseApplyBody } from './apply.js';
import { fieldError, type FieldError } from './field-errors.js';
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
import { orderBySchema, sortKeysDeep } from './json-order.js';
import { generateName, validateObjectMeta } from './object-meta.js';
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
  groupKindOf,
  groupResourceOf,
  storageKeyOf,
  type ResourceType,
  type ResourceVersion,
} from './resource-type.js';
import { decodeWithSchema, DecodeError } from './schema-decode.js';
import { validateWithSchema } from './schema-validation.js';
import { ApiError, apiErrors, deletedStatus } from './status-errors.js';
import type { ObjectStore } from './store.js';

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

/** What one write request asks for, decoded from its path and query. */
export interface WriteContext {
  type: ResourceType;
  version: ResourceVersion;
  /** The namespace in the URL (namespaced resources only). */
  namespace: string | undefined;
  subresource: '' | 'status';
  fieldManager: string;
  fieldValidation: FieldValidation;
  dryRun: boolean;
  /** Filled with the texts of `Warning` headers to send. */
  warnings: string[];
}

export interface WriteResult {
  object: KubeObject;
  created: boolean;
}

export interface DeleteResult {
  body: JsonObject;
  /** The stored object was removed (not only marked for deletion). */
  removed: boolean;
}

const NAMESPACES = { group: '', resource: 'namespaces' };
const CRDS = { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' };

/** The object as this version serves it: apiVersion and kind first, as the real server writes them. */
export function servedObject(
  object: KubeObject,
  type: ResourceType,
  version: ResourceVersion,
): KubeObject {
  const apiVersion = apiVersionOf(type.group, version.name);
  const head = type.builtin ? { kind: type.kind, apiVersion } : { apiVersion, kind: type.kind };
  return { ...head, ...object, ...head };
}

/** The object in the member order the real server would store and write it in. */
function canonical(object: KubeObject, type: ResourceType, version: ResourceVersion): KubeObject {
  // A placeholder keeps resourceVersion in its place when the store stamps it.
  const withRv: KubeObject = { ...object, metadata: { resourceVersion: '', ...object.metadata } };
  if (!type.builtin) return sortKeysDeep(withRv) as KubeObject;
  const head = { kind: type.kind, apiVersion: apiVersionOf(type.group, version.name) };
  return { ...head, ...(orderBySchema(withRv, version.schema) as KubeObject) };
}

function stripForComparison(object: KubeObject): KubeObject {
  return { ...object, metadata: omitKeys(object.metadata, ['managedFields', 'resourceVersion']) };
}

function withoutMetadata(object: KubeObject): JsonObject {
  return omitKeys(object, ['metadata', 'apiVersion', 'kind']);
}

/**
 * The write path of the real registry: decode (prune, default, type-check), strategy (system
 * metadata, status subresource, generation), validation (422), optimistic concurrency (409),
 * managed fields, then the store. One instance per server.
 */
export class ObjectWriter {
  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => Date,
  ) {}

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

  private cannotHandle(ctx: WriteContext, why: string): ApiError {
    const { kind } = ctx.type;
    return apiErrors.badRequest(
      `${kind} in version "${ctx.version.name}" cannot be handled as a ${kind}: ${why}`,
    );
  }

  /** Decoding as the real server's codec does it; unknown fields follow the fieldValidation directive. */
  decode(ctx: WriteContext, body: JsonValue, applyDefaults = true): KubeObject {
    if (!isJsonObject(body)) {
      const got = Array.isArray(body) ? 'array' : body === null ? 'null' : typeof body;
      throw this.cannotHandle(ctx, `json: cannot unmarshal ${got} into Go value of type struct`);
    }
    const object = cloneJson(body);
    const apiVersion = apiVersionOf(ctx.type.group, ctx.version.name);
    if (object.apiVersion !== undefined && object.apiVersion !== apiVersion) {
      throw apiErrors.badRequest(
        `the API version in the data (${describeValue(object.apiVersion)}) does not match the expected API version (${apiVersion})`,
      );
    }
    if (object.kind !== undefined && object.kind !== ctx.type.kind) {
      throw apiErrors.badRequest(
        `the kind in the data (${describeValue(object.kind)}) does not match the expected kind (${ctx.type.kind})`,
      );
    }
    object.apiVersion = apiVersion;
    object.kind = ctx.type.kind;
    if (!isJsonObject(object.metadata)) object.metadata = {};
    let unknown: string[];
    try {
      unknown = decodeWithSchema(
        object,
        ctx.version.schema,
        ctx.type.kind,
        applyDefaults,
      ).unknownFields;
    } catch (error) {
      if (error instanceof DecodeError) throw this.cannotHandle(ctx, error.message);
      throw error;
    }
    if (unknown.length > 0 && ctx.fieldValidation === 'Strict') {
      const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
      throw this.cannotHandle(ctx, `strict decoding error: ${list}`);
    }
    if (ctx.fieldValidation === 'Warn')
      for (const f of unknown) ctx.warnings.push(`unknown field "${f}"`);
    const decoded = object as KubeObject;
    try {
      ctx.type.hooks.normalize?.(decoded);
    } catch (error) {
      if (error instanceof DecodeError) throw this.cannotHandle(ctx, error.message);
      throw error;
    }
    return decoded;
  }

  private validate(ctx: WriteContext, object: KubeObject, old: KubeObject | undefined): void {
    const errors: FieldError[] = validateObjectMeta(
      object.metadata,
      ctx.type.nameRule,
      ctx.type.namespaced,
    );
    errors.push(...(ctx.type.hooks.validate?.(object, old) ?? []));
    if (ctx.version.validationSchema) {
      errors.push(...validateWithSchema(withoutMetadata(object), ctx.version.validationSchema));
    }
    if (old?.metadata.deletionTimestamp) {
      const added = (object.metadata.finalizers ?? []).filter(
        (f) => !(old.metadata.finalizers ?? []).includes(f),
      );
      if (added.length > 0) {
        errors.push(
          fieldError.forbidden(
            'metadata.finalizers',
            `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
          ),
        );
      }
    }
    if (errors.length > 0)
      throw apiErrors.invalid(groupKindOf(ctx.type), object.metadata.name ?? '', errors);
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
      !this.hasSpecFinalizers(ctx.type, next)
    ) {
      const removed = this.store.delete(storageKey, key);
      return servedObject(removed ?? next, ctx.type, ctx.version);
    }
    const stored = canonical(next, ctx.type, ctx.version);
    return servedObject(this.store.update(storageKey, key, stored), ctx.type, ctx.version);
  }

  /** Namespaces also wait for spec.finalizers (the namespace controller's `kubernetes`). */
  private hasSpecFinalizers(type: ResourceType, object: KubeObject): boolean {
    if (type.group !== '' || type.resource !== 'namespaces') return false;
    const spec = object.spec;
    return isJsonObject(spec) && Array.isArray(spec.finalizers) && spec.finalizers.length > 0;
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
    if (ctx.type.tracksGeneration && !jsonEqual(withoutMetadata(next), withoutMetadata(old))) {
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

  /** DELETE of one object, honouring preconditions and finalizers. */
  delete(ctx: WriteContext, name: string, options: JsonObject): DeleteResult {
    const old = this.require(ctx, name);
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
    const pending = (old.metadata.finalizers ?? []).length > 0 || this.hasSpecFinalizers(type, old);
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
