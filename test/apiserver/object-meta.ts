import { randomInt } from 'node:crypto';
import { fieldError, type FieldError } from './field-errors.js';
import type { ObjectMeta } from './kube-object.js';
import { s, type Schema } from './schema.js';
import { isLabelValue, isQualifiedName } from './selectors.js';

const ownerReference: Schema = s.object(
  {
    apiVersion: s.string(),
    kind: s.string(),
    name: s.string(),
    uid: s.string(),
    controller: s.boolean(),
    blockOwnerDeletion: s.boolean(),
  },
  { required: ['apiVersion', 'kind', 'name', 'uid'], 'x-herald-go-type': 'v1.OwnerReference' },
);

const managedFieldsEntry: Schema = s.object(
  {
    manager: s.string(),
    operation: s.string(),
    apiVersion: s.string(),
    time: s.time(),
    fieldsType: s.string(),
    fieldsV1: s.freeform(),
    subresource: s.string(),
  },
  { 'x-herald-go-type': 'v1.ManagedFieldsEntry' },
);

/** io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta, decoded as Go does (wrong types are a 400). */
export const objectMetaSchema: Schema = s.object(
  {
    name: s.string(),
    generateName: s.string(),
    namespace: s.string(),
    selfLink: s.string(),
    uid: s.string(),
    resourceVersion: s.string(),
    generation: s.int64(),
    creationTimestamp: s.time(),
    deletionTimestamp: s.time(),
    deletionGracePeriodSeconds: s.int64(),
    labels: s.stringMap(),
    annotations: s.stringMap(),
    ownerReferences: s.arrayOf(ownerReference, {
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'uid',
    }),
    finalizers: s.arrayOf(s.string(), { 'x-kubernetes-patch-strategy': 'merge' }),
    managedFields: s.arrayOf(managedFieldsEntry),
  },
  { 'x-herald-go-type': 'v1.ObjectMeta' },
);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export type NameRule = 'dns-subdomain' | 'dns-label';

/** The messages of k8s.io/apimachinery/pkg/util/validation for names. */
export function nameProblems(name: string, rule: NameRule): string[] {
  const problems: string[] = [];
  if (rule === 'dns-label') {
    if (name.length > 63) problems.push('must be no more than 63 characters');
    if (!DNS_LABEL.test(name)) {
      problems.push(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      );
    }
  } else {
    if (name.length > 253) problems.push('must be no more than 253 characters');
    if (!DNS_SUBDOMAIN.test(name)) {
      problems.push(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      );
    }
  }
  return problems;
}

const LABEL_VALUE_HELP =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QUALIFIED_NAME_HELP =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

/** ValidateObjectMeta: name, labels, annotations and finalizers, as a create or update checks them. */
export function validateObjectMeta(
  meta: ObjectMeta,
  rule: NameRule,
  namespaced: boolean,
): FieldError[] {
  const errors: FieldError[] = [];
  if (!meta.name) {
    errors.push(fieldError.required('metadata.name', 'name or generateName is required'));
  } else {
    for (const problem of nameProblems(meta.name, rule)) {
      errors.push(fieldError.invalid('metadata.name', meta.name, problem));
    }
  }
  if (namespaced && !meta.namespace) errors.push(fieldError.required('metadata.namespace'));
  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    if (!isQualifiedName(key))
      errors.push(fieldError.invalid('metadata.labels', key, QUALIFIED_NAME_HELP));
    if (!isLabelValue(value))
      errors.push(fieldError.invalid('metadata.labels', value, LABEL_VALUE_HELP));
  }
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(meta.annotations ?? {})) {
    if (!isQualifiedName(key.toLowerCase())) {
      errors.push(fieldError.invalid('metadata.annotations', key, QUALIFIED_NAME_HELP));
    }
    annotationBytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (annotationBytes > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
    errors.push(fieldError.tooLong('metadata.annotations', TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
  }
  (meta.finalizers ?? []).forEach((finalizer, i) => {
    if (!isQualifiedName(finalizer)) {
      errors.push(fieldError.invalid(`metadata.finalizers[${i}]`, finalizer, QUALIFIED_NAME_HELP));
    }
  });
  return errors;
}

const GENERATED_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const GENERATED_SUFFIX_LENGTH = 5;
const MAX_GENERATE_NAME_PREFIX = 63 - GENERATED_SUFFIX_LENGTH;

/** names.SimpleNameGenerator: the prefix (cut to fit) plus five random consonants and digits. */
export function generateName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < GENERATED_SUFFIX_LENGTH; i++) {
    suffix += GENERATED_NAME_ALPHABET.charAt(randomInt(GENERATED_NAME_ALPHABET.length));
  }
  return prefix.slice(0, MAX_GENERATE_NAME_PREFIX) + suffix;
}
