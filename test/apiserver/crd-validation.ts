import { fieldError, type FieldError } from './field-errors.js';
import {
  ensureObject,
  getPath,
  getString,
  isJsonObject,
  type JsonObject,
  type JsonValue,
} from './json.js';
import { compileJsonPath } from './jsonpath.js';
import { formatKubeTime, type KubeObject } from './kube-object.js';
import { nameProblems } from './object-meta.js';
import type { KindHooks } from './resource-type.js';

/** The finalizer the real server puts on every CRD so its custom resources go first. */
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

const PRINTER_COLUMN_TYPES = ['integer', 'number', 'string', 'boolean', 'date'];

function versionsOf(crd: KubeObject): JsonObject[] {
  const versions = getPath(crd, ['spec', 'versions']);
  return Array.isArray(versions) ? versions.filter(isJsonObject) : [];
}

export function storageVersionOf(crd: KubeObject): string | undefined {
  return versionsOf(crd).find((v) => v.storage === true)?.name as string | undefined;
}

function condition(type: string, reason: string, message: string, now: string): JsonObject {
  return { type, status: 'True', lastTransitionTime: now, reason, message };
}

/** Validation of a CRD, the parts a test author is likely to trip over. */
function validateCrd(crd: KubeObject, old: KubeObject | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const group = getString(crd, ['spec', 'group']) ?? '';
  const plural = getString(crd, ['spec', 'names', 'plural']) ?? '';
  const kind = getString(crd, ['spec', 'names', 'kind']) ?? '';
  const scope = getString(crd, ['spec', 'scope']) ?? '';
  const name = crd.metadata.name ?? '';
  if (name !== `${plural}.${group}`) {
    errors.push(
      fieldError.invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'),
    );
  }
  if (!group) errors.push(fieldError.required('spec.group'));
  else if (!group.includes('.')) {
    errors.push(
      fieldError.invalid('spec.group', group, 'should be a domain with at least one dot'),
    );
  }
  if (!plural) errors.push(fieldError.required('spec.names.plural'));
  else
    for (const p of nameProblems(plural, 'dns-label'))
      errors.push(fieldError.invalid('spec.names.plural', plural, p));
  if (!kind) errors.push(fieldError.required('spec.names.kind'));
  if (!scope) errors.push(fieldError.required('spec.scope'));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') {
    errors.push(fieldError.notSupported('spec.scope', scope, ['Cluster', 'Namespaced']));
  }
  const versions = versionsOf(crd);
  if (versions.length === 0)
    errors.push(
      fieldError.required(
        'spec.versions',
        'must have exactly one version marked as storage version',
      ),
    );
  else if (versions.filter((v) => v.storage === true).length !== 1) {
    errors.push(
      fieldError.invalid(
        'spec.versions',
        versions.map((v) => v.name ?? null),
        'must have exactly one version marked as storage version',
      ),
    );
  }
  const seen = new Set<JsonValue | undefined>();
  versions.forEach((version, i) => {
    const at = `spec.versions[${i}]`;
    if (!version.name) errors.push(fieldError.required(`${at}.name`));
    else if (seen.has(version.name)) errors.push(fieldError.duplicate(`${at}.name`, version.name));
    seen.add(version.name);
    const schema = getPath(version, ['schema', 'openAPIV3Schema']);
    if (!isJsonObject(schema))
      errors.push(fieldError.required(`${at}.schema.openAPIV3Schema`, 'schemas are required'));
    else if (schema.type !== 'object') {
      errors.push(
        fieldError.invalid(
          `${at}.schema.openAPIV3Schema.type`,
          schema.type ?? '',
          'must be object at the root',
        ),
      );
    }
    errors.push(...validatePrinterColumns(version, at));
  });
  if (old && getString(old, ['spec', 'scope']) !== scope) {
    errors.push(fieldError.invalid('spec.scope', scope, 'field is immutable'));
  }
  return errors;
}

function validatePrinterColumns(version: JsonObject, at: string): FieldError[] {
  const errors: FieldError[] = [];
  const columns = version.additionalPrinterColumns;
  if (!Array.isArray(columns)) return errors;
  columns.forEach((c, j) => {
    if (!isJsonObject(c)) return;
    const where = `${at}.additionalPrinterColumns[${j}]`;
    if (!c.name) errors.push(fieldError.required(`${where}.name`));
    if (typeof c.type !== 'string' || !PRINTER_COLUMN_TYPES.includes(c.type)) {
      errors.push(fieldError.notSupported(`${where}.type`, c.type ?? '', PRINTER_COLUMN_TYPES));
    }
    if (typeof c.jsonPath !== 'string' || !c.jsonPath)
      errors.push(fieldError.required(`${where}.jsonPath`));
    else {
      try {
        compileJsonPath(c.jsonPath);
      } catch {
        errors.push(
          fieldError.invalid(`${where}.jsonPath`, c.jsonPath, 'must be a simple json path'),
        );
      }
    }
  });
  return errors;
}

export const crdHooks: KindHooks = {
  // apiextensions defaulting: singular and listKind from the kind, conversion None.
  normalize(crd) {
    const spec = ensureObject(crd, 'spec');
    const names = ensureObject(spec, 'names');
    if (typeof names.kind === 'string') {
      names.singular ??= names.kind.toLowerCase();
      names.listKind ??= `${names.kind}List`;
    }
    spec.conversion ??= { strategy: 'None' };
  },
  // The real server's controllers establish a CRD within milliseconds; this one does it at once.
  prepareForCreate(crd) {
    const now = formatKubeTime(new Date());
    const names = getPath(crd, ['spec', 'names']);
    const storage = storageVersionOf(crd);
    crd.status = {
      acceptedNames: isJsonObject(names) ? structuredClone(names) : {},
      conditions: [
        condition('NamesAccepted', 'NoConflicts', 'no conflicts found', now),
        condition(
          'Established',
          'InitialNamesAccepted',
          'the initial names have been accepted',
          now,
        ),
      ],
      storedVersions: storage ? [storage] : [],
    };
    const finalizers = crd.metadata.finalizers ?? [];
    if (!finalizers.includes(CRD_CLEANUP_FINALIZER))
      crd.metadata.finalizers = [...finalizers, CRD_CLEANUP_FINALIZER];
  },
  validate: validateCrd,
};
