import { fieldError, type FieldError } from './field-errors.js';
import {
  cloneJson,
  describeValue,
  isJsonObject,
  omitKeys,
  type JsonObject,
  type JsonValue,
} from './json.js';
import type { KubeObject } from './kube-object.js';
import { validateObjectMeta } from './object-meta.js';
import { apiVersionOf, groupKindOf } from './resource-type.js';
import { decodeWithSchema, DecodeError } from './schema-decode.js';
import { validateWithSchema } from './schema-validation.js';
import { apiErrors, type ApiError } from './status-errors.js';
import type { WriteContext } from './write-context.js';

/** The 400 of a body the codec cannot take: `Widget in version "v1" cannot be handled as a Widget: ...`. */
function cannotHandle(ctx: WriteContext, why: string): ApiError {
  const { kind } = ctx.type;
  return apiErrors.badRequest(
    `${kind} in version "${ctx.version.name}" cannot be handled as a ${kind}: ${why}`,
  );
}

/** Decoding as the real server's codec does it; unknown fields follow the fieldValidation directive. */
export function decodeObject(ctx: WriteContext, body: JsonValue, applyDefaults = true): KubeObject {
  if (!isJsonObject(body)) {
    const got = Array.isArray(body) ? 'array' : body === null ? 'null' : typeof body;
    throw cannotHandle(ctx, `json: cannot unmarshal ${got} into Go value of type struct`);
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
    if (error instanceof DecodeError) throw cannotHandle(ctx, error.message);
    throw error;
  }
  if (unknown.length > 0 && ctx.fieldValidation === 'Strict') {
    const list = unknown.map((f) => `unknown field "${f}"`).join(', ');
    throw cannotHandle(ctx, `strict decoding error: ${list}`);
  }
  if (ctx.fieldValidation === 'Warn')
    for (const f of unknown) ctx.warnings.push(`unknown field "${f}"`);
  const decoded = object as KubeObject;
  try {
    ctx.type.hooks.normalize?.(decoded);
  } catch (error) {
    if (error instanceof DecodeError) throw cannotHandle(ctx, error.message);
    throw error;
  }
  return decoded;
}

/** What a custom resource schema validates: everything but TypeMeta and ObjectMeta. */
export function withoutTypeAndMeta(object: KubeObject): JsonObject {
  return omitKeys(object, ['metadata', 'apiVersion', 'kind']);
}

/** Validation as the registry strategy runs it: ObjectMeta, the kind's own rules, the CRD schema. */
export function validateObject(
  ctx: WriteContext,
  object: KubeObject,
  old: KubeObject | undefined,
): void {
  const errors: FieldError[] = validateObjectMeta(
    object.metadata,
    ctx.type.nameRule,
    ctx.type.namespaced,
  );
  errors.push(...(ctx.type.hooks.validate?.(object, old) ?? []));
  if (ctx.version.validationSchema) {
    errors.push(...validateWithSchema(withoutTypeAndMeta(object), ctx.version.validationSchema));
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
