import type { ValidateFunction } from 'ajv';
import { ALERT_KIND, type Alert } from '../alert.js';
import { alertSchema } from '../alert-schema.js';
import { API_GROUP, API_GROUP_VERSION, LEGACY_API_GROUP_VERSION } from '../group-version.js';
import { DEFAULT_NAMESPACE } from '../object-meta.js';
import type { OpenApiSchema } from '../openapi-schema.js';
import { PROVIDER_KIND, type Provider } from '../provider.js';
import { providerSchema } from '../provider-schema.js';
import { RECEIVER_API_GROUP_VERSION, RECEIVER_KIND, type Receiver } from '../receiver.js';
import { receiverSchema } from '../receiver-schema.js';
import { SECRET_KIND, type Secret } from '../secret.js';
import { closeSchema } from './closed-schema.js';
import { type FieldProblem, problemsFromAjv } from './field-problem.js';
import { createManifestAjv } from './manifest-ajv.js';
import { objectMetaSchema } from './object-meta-schema.js';
import { secretSchema } from './secret-schema.js';
import { normalizeSecret } from './secret-normalizer.js';

/** The objects Herald reads from manifests. */
export type ManifestObject = Alert | Provider | Receiver | Secret;

/** What a document is to Herald. */
export type ValidationResult =
  /** Defaults applied, namespace set, Secret `stringData` merged into `data`. */
  | { kind: 'valid'; object: ManifestObject; warnings: string[] }
  | { kind: 'invalid'; problems: FieldProblem[] }
  /** A document of a kind Herald does not use, e.g. a Namespace or a Kustomization. */
  | { kind: 'ignored'; why: string };

/**
 * The CRD schema as local mode applies it: the API server's own checks of metadata added,
 * `spec` required (nothing works without it), unknown fields refused.
 */
function documentSchema(schema: OpenApiSchema): Record<string, unknown> {
  return closeSchema({
    ...schema,
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: { ...schema.properties, metadata: objectMetaSchema },
  });
}

interface CompiledSchemas {
  readonly Alert: ValidateFunction;
  readonly Provider: ValidateFunction;
  readonly Receiver: ValidateFunction;
  readonly Secret: ValidateFunction;
}

function compileSchemas(): CompiledSchemas {
  const ajv = createManifestAjv();
  return {
    Alert: ajv.compile(documentSchema(alertSchema)),
    Provider: ajv.compile(documentSchema(providerSchema)),
    Receiver: ajv.compile(documentSchema(receiverSchema)),
    Secret: ajv.compile(closeSchema(secretSchema)),
  };
}

/** Compiled once; the validate functions keep no state between calls. */
const compiled = compileSchemas();

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type KindCheck =
  | { kind: 'known'; schema: keyof CompiledSchemas; warnings: string[] }
  | Exclude<ValidationResult, { kind: 'valid' }>;

/** Which schema applies, from `apiVersion` and `kind`, as the API server routes a request. */
function checkKind(doc: Record<string, unknown>): KindCheck {
  const { apiVersion, kind } = doc;
  const missing: FieldProblem[] = [];
  if (typeof apiVersion !== 'string' || apiVersion === '')
    missing.push({ field: 'apiVersion', pointer: '/apiVersion', message: 'is required' });
  if (typeof kind !== 'string' || kind === '')
    missing.push({ field: 'kind', pointer: '/kind', message: 'is required' });
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || missing.length > 0)
    return { kind: 'invalid', problems: missing };

  if (kind === SECRET_KIND && apiVersion === 'v1')
    return { kind: 'known', schema: kind, warnings: [] };
  const ours = kind === ALERT_KIND || kind === PROVIDER_KIND || kind === RECEIVER_KIND;
  if (!ours || !apiVersion.startsWith(`${API_GROUP}/`)) {
    return { kind: 'ignored', why: `${apiVersion} ${kind} is not an object Herald uses` };
  }
  // Receivers are served as v1, Alerts and Providers as v1beta3.
  const served = kind === RECEIVER_KIND ? RECEIVER_API_GROUP_VERSION : API_GROUP_VERSION;
  if (apiVersion === served) return { kind: 'known', schema: kind, warnings: [] };
  if (apiVersion === LEGACY_API_GROUP_VERSION) {
    const warning = `${LEGACY_API_GROUP_VERSION} ${kind} is deprecated, read as ${served}: upgrade the manifest`;
    return { kind: 'known', schema: kind, warnings: [warning] };
  }
  return {
    kind: 'invalid',
    problems: [
      {
        field: 'apiVersion',
        pointer: '/apiVersion',
        message: `${kind} is served as ${served} (and ${LEGACY_API_GROUP_VERSION}, deprecated), not ${apiVersion}`,
      },
    ],
  };
}

/**
 * Checks one parsed manifest document as the API server would with Herald's CRDs installed,
 * and returns the typed object (defaults applied, namespace `default` when absent, as kubectl
 * does) or every problem, each on the field to blame. The input is not modified.
 */
export function validateObject(doc: unknown): ValidationResult {
  if (!isMapping(doc))
    return { kind: 'invalid', problems: [{ message: 'must be a mapping (an object)' }] };
  const check = checkKind(doc);
  if (check.kind !== 'known') return check;

  const copy = structuredClone(doc);
  const validate = compiled[check.schema];
  if (!validate(copy)) {
    return { kind: 'invalid', problems: problemsFromAjv(copy, validate.errors ?? []) };
  }
  const object = copy as unknown as ManifestObject;
  object.metadata.namespace ??= DEFAULT_NAMESPACE;
  if (object.kind === SECRET_KIND) {
    const normalized = normalizeSecret(object);
    return normalized.ok
      ? { kind: 'valid', object: normalized.secret, warnings: check.warnings }
      : { kind: 'invalid', problems: normalized.problems };
  }
  object.apiVersion =
    object.kind === RECEIVER_KIND ? RECEIVER_API_GROUP_VERSION : API_GROUP_VERSION;
  return { kind: 'valid', object, warnings: check.warnings };
}
