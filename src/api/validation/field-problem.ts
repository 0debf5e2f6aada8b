import type { ErrorObject } from 'ajv';
import { KIND_PATTERN } from '../alert-schema.js';
import { INTERVAL_PATTERN, PROXY_PATTERN, TIMEOUT_PATTERN } from '../provider-schema.js';
import { dottedPath, pointerSegments, toPointer } from './field-path.js';
import { DNS_LABEL_PATTERN, DNS_SUBDOMAIN_PATTERN } from './object-meta-schema.js';

/** One thing wrong with a document, tied to the field to blame when there is one. */
export interface FieldProblem {
  /** `spec.eventSources[0].kind`; absent when the document as a whole is wrong. */
  field?: string;
  /** The same field as a JSON pointer: `/spec/eventSources/0/kind`. */
  pointer?: string;
  /** What is wrong, never quoting a value (it may be a secret). */
  message: string;
}

/** `spec.eventSources[0].kind: is required` */
export function formatProblem(problem: FieldProblem): string {
  return problem.field === undefined ? problem.message : `${problem.field}: ${problem.message}`;
}

/** What a pattern means, for people; raw regexes are a poor error message. */
const PATTERN_MEANINGS = new Map<string, string>([
  [
    DNS_SUBDOMAIN_PATTERN,
    'must be lowercase letters, digits, "-" and ".", starting and ending alphanumeric (RFC 1123 subdomain)',
  ],
  [
    DNS_LABEL_PATTERN,
    'must be lowercase letters, digits and "-", starting and ending alphanumeric (RFC 1123 label)',
  ],
  [KIND_PATTERN, 'must be a Kubernetes kind: letters, digits and "-", starting with a letter'],
  [TIMEOUT_PATTERN, 'must be a duration in ms, s or m, e.g. 30s or 1m30s'],
  [INTERVAL_PATTERN, 'must be a duration in ms, s, m or h, e.g. 10m'],
  [PROXY_PATTERN, 'must start with http:// or https://'],
]);

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
};

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'propertyNames':
      return 'is not a valid key: use letters, digits, "-", "_" and "." (at most 253)';
    case 'type':
      return `must be ${TYPE_NAMES[String(params.type)] ?? String(params.type)}`;
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'pattern':
      return PATTERN_MEANINGS.get(String(params.pattern)) ?? `must match ${String(params.pattern)}`;
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters`;
    case 'minLength':
      return params.limit === 1
        ? 'must not be empty'
        : `must be at least ${String(params.limit)} characters`;
    case 'minimum':
      return `must be at least ${String(params.limit)}`;
    case 'format':
      return params.format === 'date-time'
        ? 'must be an RFC 3339 time'
        : `must be a valid ${String(params.format)}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** The field an error is about: for a missing or unknown field, that field, not its parent. */
function fieldSegments(error: ErrorObject): string[] {
  const segments = pointerSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return [...segments, String(params.missingProperty)];
    case 'additionalProperties':
      return [...segments, String(params.additionalProperty)];
    case 'propertyNames':
      return [...segments, String(params.propertyName)];
    default:
      return segments;
  }
}

/** ajv's errors as problems on named fields, without duplicates. */
export function problemsFromAjv(document: unknown, errors: readonly ErrorObject[]): FieldProblem[] {
  const problems = new Map<string, FieldProblem>();
  for (const error of errors) {
    // propertyNames reports the inner failure too; the outer error names the key.
    if ((error as ErrorObject & { propertyName?: string }).propertyName !== undefined) continue;
    const segments = fieldSegments(error);
    const problem: FieldProblem = {
      message: describe(error),
      ...(segments.length > 0 && {
        field: dottedPath(document, segments),
        pointer: toPointer(segments),
      }),
    };
    problems.set(formatProblem(problem), problem);
  }
  return [...problems.values()];
}
