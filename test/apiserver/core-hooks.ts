import { fieldError, type FieldError } from './field-errors.js';
import { ensureObject, getPath, getString, isJsonObject, jsonEqual } from './json.js';
import type { KubeObject } from './kube-object.js';
import { nameProblems } from './object-meta.js';
import type { KindHooks } from './resource-type.js';
import { DecodeError } from './schema-decode.js';
import { isQualifiedName } from './selectors.js';

/** What the real registry strategies of the built-in kinds add to the generic write path. */
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

export const secretHooks: KindHooks = {
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

export const configMapHooks: KindHooks = {
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

export const namespaceHooks: KindHooks = {
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
export const eventHooks: KindHooks = {
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

export const leaseHooks: KindHooks = {
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
