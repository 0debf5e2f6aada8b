import {
  configMapTable,
  eventTable,
  leaseTable,
  namespaceTable,
  secretTable,
} from './core-printers.js';
import {
  configMapSchema,
  crdSchema,
  eventSchema,
  leaseSchema,
  namespaceSchema,
  secretSchema,
} from './core-schemas.js';
import { crdHooks } from './crd-validation.js';
import { fieldError, type FieldError } from './field-errors.js';
import { ensureObject, getPath, getString, isJsonObject, jsonEqual } from './json.js';
import type { KubeObject } from './kube-object.js';
import { nameProblems } from './object-meta.js';
import {
  metadataFields,
  type KindHooks,
  type ResourceType,
  type TableDefinition,
} from './resource-type.js';
import { publishableSchema, type Schema } from './schema.js';
import { DecodeError } from './schema-decode.js';
import { isQualifiedName } from './selectors.js';
import { defaultTable } from './table.js';

interface BuiltinSpec {
  group: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  schema: Schema;
  table: TableDefinition;
  shortNames?: string[];
  categories?: string[];
  statusSubresource?: boolean;
  tracksGeneration?: boolean;
  nameRule?: 'dns-subdomain' | 'dns-label';
  allowCreateOnUpdate?: boolean;
  extraFields?: Record<string, (o: KubeObject) => string>;
  hooks?: KindHooks;
  extraSubresources?: { name: string; verbs: string[] }[];
}

function builtin(spec: BuiltinSpec): ResourceType {
  const extraFields = spec.extraFields ?? {};
  return {
    group: spec.group,
    resource: spec.resource,
    singular: spec.kind.toLowerCase(),
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    namespaced: spec.namespaced,
    shortNames: spec.shortNames ?? [],
    categories: spec.categories ?? [],
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: spec.schema,
        publishedSchema: publishableSchema(spec.schema),
        statusSubresource: spec.statusSubresource ?? false,
        table: spec.table,
      },
    ],
    builtin: true,
    tracksGeneration: spec.tracksGeneration ?? false,
    nameRule: spec.nameRule ?? 'dns-subdomain',
    allowCreateOnUpdate: spec.allowCreateOnUpdate ?? false,
    fieldLabels: new Set(['metadata.name', 'metadata.namespace', ...Object.keys(extraFields)]),
    fieldsOf: (o) => {
      const fields = metadataFields(o);
      for (const [label, read] of Object.entries(extraFields)) fields[label] = read(o);
      return fields;
    },
    hooks: spec.hooks ?? {},
    ...(spec.extraSubresources ? { extraSubresources: spec.extraSubresources } : {}),
  };
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_HELP =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const MAX_SECRET_BYTES = 1024 * 1024;

function validateDataKeys(o: KubeObject, ...members: string[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const member of members) {
    const data = o[member];
    if (!isJsonObject(data)) continue;
    for (const key of Object.keys(data)) {
      if (key.length > 253 || !CONFIG_KEY.test(key)) {
        errors.push(fieldError.invalid(`${member}[${key}]`, key, CONFIG_KEY_HELP));
      }
    }
  }
  return errors;
}

/** Immutable Secrets and ConfigMaps refuse changes to their data once `immutable: true` is stored. */
function validateImmutableData(
  o: KubeObject,
  old: KubeObject | undefined,
  members: string[],
): FieldError[] {
  if (!old || old.immutable !== true) return [];
  const errors: FieldError[] = [];
  for (const member of members) {
    if (!jsonEqual(o[member], old[member])) {
      errors.push(fieldError.forbidden(member, 'field is immutable when `immutable` is set'));
    }
  }
  if (o.immutable !== true)
    errors.push(fieldError.forbidden('immutable', 'field is immutable when `immutable` is set'));
  return errors;
}

function base64Problem(value: string): number | undefined {
  const clean = value.replace(/[\r\n]/g, '');
  for (let i = 0; i < clean.length; i++) {
    const c = clean.charAt(i);
    const padding = c === '=' && i >= clean.length - 2;
    if (!/[A-Za-z0-9+/]/.test(c) && !padding) return i;
  }
  return clean.length % 4 === 0 ? undefined : clean.length - (clean.length % 4);
}

const secretHooks: KindHooks = {
  // v1 → internal conversion: stringData wins over data, and is never stored.
  normalize(o) {
    const data = o.data;
    if (isJsonObject(data)) {
      for (const value of Object.values(data)) {
        if (typeof value !== 'string') continue;
        const at = base64Problem(value);
        if (at !== undefined) throw new DecodeError(`illegal base64 data at input byte ${at}`);
      }
    }
    const stringData = o.stringData;
    if (isJsonObject(stringData)) {
      const target = ensureObject(o, 'data');
      for (const [key, value] of Object.entries(stringData)) {
        if (typeof value === 'string') target[key] = Buffer.from(value, 'utf8').toString('base64');
      }
    }
    Reflect.deleteProperty(o, 'stringData');
    if (!o.type) o.type = 'Opaque';
  },
  validate(o, old) {
    const errors = validateDataKeys(o, 'data');
    const data = o.data;
    let total = 0;
    if (isJsonObject(data)) {
      for (const value of Object.values(data)) {
        if (typeof value === 'string') total += Buffer.from(value, 'base64').length;
      }
    }
    if (total > MAX_SECRET_BYTES) errors.push(fieldError.tooLong('data', MAX_SECRET_BYTES));
    if (old && old.type !== o.type) {
      errors.push(fieldError.invalid('type', o.type ?? '', 'field is immutable'));
    }
    return [...errors, ...validateImmutableData(o, old, ['data'])];
  },
};

const configMapHooks: KindHooks = {
  validate(o, old) {
    const errors = validateDataKeys(o, 'data', 'binaryData');
    const data = isJsonObject(o.data) ? Object.keys(o.data) : [];
    const binary = isJsonObject(o.binaryData) ? Object.keys(o.binaryData) : [];
    for (const key of data.filter((k) => binary.includes(k))) {
      errors.push(fieldError.invalid('data', key, 'duplicate of key present in binaryData'));
    }
    return [...errors, ...validateImmutableData(o, old, ['data', 'binaryData'])];
  },
};

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const namespaceHooks: KindHooks = {
  // The NamespaceDefaultLabelName feature: every namespace carries its own name as a label.
  normalize(o) {
    if (o.metadata.name)
      o.metadata.labels = { ...o.metadata.labels, [NAMESPACE_NAME_LABEL]: o.metadata.name };
  },
  prepareForCreate(o) {
    const spec = ensureObject(o, 'spec');
    const finalizers = spec.finalizers;
    if (!Array.isArray(finalizers) || !finalizers.includes('kubernetes')) {
      spec.finalizers = [...(Array.isArray(finalizers) ? finalizers : []), 'kubernetes'];
    }
    o.status = { phase: 'Active' };
  },
};

const REPORTING_INSTANCE_MAX = 128;
const ACTION_MAX = 128;
const REASON_MAX = 128;
const NOTE_MAX = 1024;

/** legacyValidateEvent for events written through core/v1. */
const eventHooks: KindHooks = {
  validate(o) {
    const errors: FieldError[] = [];
    const namespace = o.metadata.namespace ?? '';
    const involvedNamespace = getString(o, ['involvedObject', 'namespace']) ?? '';
    const mismatch = (): FieldError =>
      fieldError.invalid(
        'involvedObject.namespace',
        involvedNamespace,
        'does not match event.namespace',
      );
    if (!getString(o, ['eventTime'])) {
      if (involvedNamespace === '') {
        if (namespace !== '' && namespace !== 'default') errors.push(mismatch());
      } else if (namespace !== involvedNamespace) {
        errors.push(mismatch());
      }
    } else {
      if (involvedNamespace === '' && namespace !== 'default' && namespace !== 'kube-system')
        errors.push(mismatch());
      const controller = getString(o, ['reportingComponent']) ?? '';
      if (!controller) errors.push(fieldError.required('reportingComponent'));
      else if (!isQualifiedName(controller)) {
        errors.push(
          fieldError.invalid('reportingComponent', controller, 'must be a qualified name'),
        );
      }
      const instance = getString(o, ['reportingInstance']) ?? '';
      if (!instance) errors.push(fieldError.required('reportingInstance'));
      if (instance.length > REPORTING_INSTANCE_MAX) {
        errors.push(
          fieldError.invalid(
            'reportingInstance',
            '',
            `can have at most ${REPORTING_INSTANCE_MAX} characters`,
          ),
        );
      }
      const action = getString(o, ['action']) ?? '';
      if (!action) errors.push(fieldError.required('action'));
      if (action.length > ACTION_MAX) {
        errors.push(fieldError.invalid('action', '', `can have at most ${ACTION_MAX} characters`));
      }
      const reason = getString(o, ['reason']) ?? '';
      if (!reason) errors.push(fieldError.required('reason'));
      if (reason.length > REASON_MAX) {
        errors.push(fieldError.invalid('reason', '', `can have at most ${REASON_MAX} characters`));
      }
      if ((getString(o, ['message']) ?? '').length > NOTE_MAX) {
        errors.push(fieldError.invalid('message', '', `can have at most ${NOTE_MAX} characters`));
      }
    }
    for (const problem of nameProblems(namespace, 'dns-subdomain')) {
      errors.push(fieldError.invalid('namespace', namespace, problem));
    }
    return errors;
  },
};

const leaseHooks: KindHooks = {
  validate(o) {
    const errors: FieldError[] = [];
    const duration = getPath(o, ['spec', 'leaseDurationSeconds']);
    if (typeof duration === 'number' && duration <= 0) {
      errors.push(
        fieldError.invalid('spec.leaseDurationSeconds', duration, 'must be greater than 0'),
      );
    }
    const transitions = getPath(o, ['spec', 'leaseTransitions']);
    if (typeof transitions === 'number' && transitions < 0) {
      errors.push(
        fieldError.invalid(
          'spec.leaseTransitions',
          transitions,
          'must be greater than or equal to 0',
        ),
      );
    }
    return errors;
  },
};

const str = (path: string[]) => (o: KubeObject) => getString(o, path) ?? '';

/** The kinds every server instance serves from the start. */
export function builtinResourceTypes(): ResourceType[] {
  return [
    builtin({
      group: '',
      resource: 'namespaces',
      kind: 'Namespace',
      namespaced: false,
      schema: namespaceSchema,
      table: namespaceTable,
      shortNames: ['ns'],
      statusSubresource: true,
      nameRule: 'dns-label',
      extraFields: { 'status.phase': str(['status', 'phase']) },
      hooks: namespaceHooks,
      extraSubresources: [{ name: 'finalize', verbs: ['update'] }],
    }),
    builtin({
      group: '',
      resource: 'secrets',
      kind: 'Secret',
      namespaced: true,
      schema: secretSchema,
      table: secretTable,
      extraFields: { type: str(['type']) },
      hooks: secretHooks,
    }),
    builtin({
      group: '',
      resource: 'configmaps',
      kind: 'ConfigMap',
      namespaced: true,
      schema: configMapSchema,
      table: configMapTable,
      shortNames: ['cm'],
      hooks: configMapHooks,
    }),
    builtin({
      group: '',
      resource: 'events',
      kind: 'Event',
      namespaced: true,
      schema: eventSchema,
      table: eventTable,
      shortNames: ['ev'],
      allowCreateOnUpdate: true,
      extraFields: {
        'involvedObject.kind': str(['involvedObject', 'kind']),
        'involvedObject.namespace': str(['involvedObject', 'namespace']),
        'involvedObject.name': str(['involvedObject', 'name']),
        'involvedObject.uid': str(['involvedObject', 'uid']),
        'involvedObject.apiVersion': str(['involvedObject', 'apiVersion']),
        'involvedObject.resourceVersion': str(['involvedObject', 'resourceVersion']),
        'involvedObject.fieldPath': str(['involvedObject', 'fieldPath']),
        reason: str(['reason']),
        reportingComponent: str(['reportingComponent']),
        source: str(['source', 'component']),
        type: str(['type']),
      },
      hooks: eventHooks,
    }),
    builtin({
      group: 'apiextensions.k8s.io',
      resource: 'customresourcedefinitions',
      kind: 'CustomResourceDefinition',
      namespaced: false,
      schema: crdSchema,
      table: defaultTable,
      shortNames: ['crd', 'crds'],
      categories: ['api-extensions'],
      statusSubresource: true,
      tracksGeneration: true,
      hooks: crdHooks,
    }),
    builtin({
      group: 'coordination.k8s.io',
      resource: 'leases',
      kind: 'Lease',
      namespaced: true,
      schema: leaseSchema,
      table: leaseTable,
      allowCreateOnUpdate: true,
      hooks: leaseHooks,
    }),
  ];
}
