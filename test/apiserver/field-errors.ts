import type { JsonValue } from './json.js';
import { formatGoValue } from './go-format.js';

/** The field.ErrorType values of k8s.io/apimachinery, as they appear in Status causes. */
export type FieldErrorReason =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueTypeInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueDuplicate'
  | 'FieldValueNotFound';

const TYPE_TEXT: Record<FieldErrorReason, string> = {
  FieldValueRequired: 'Required value',
  FieldValueInvalid: 'Invalid value',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueNotFound: 'Not found',
};

/** Reasons whose message never shows the offending value (field.Error.ErrorBody). */
const VALUE_OMITTED = new Set<FieldErrorReason>([
  'FieldValueRequired',
  'FieldValueForbidden',
  'FieldValueTooLong',
]);

export interface FieldError {
  reason: FieldErrorReason;
  field: string;
  value?: JsonValue;
  detail: string;
}

/** `Invalid value: 200: spec.size in body should be ...`, the Status cause message. */
export function fieldErrorBody(error: FieldError): string {
  let body = TYPE_TEXT[error.reason];
  if (!VALUE_OMITTED.has(error.reason)) body += `: ${formatGoValue(error.value ?? null)}`;
  if (error.detail) body += `: ${error.detail}`;
  return body;
}

export function fieldErrorString(error: FieldError): string {
  return `${error.field}: ${fieldErrorBody(error)}`;
}

/** utilerrors.Aggregate: one error prints bare, several print as `[a, b]`; duplicates drop. */
export function aggregateFieldErrors(errors: readonly FieldError[]): string {
  const messages = [...new Set(errors.map(fieldErrorString))];
  return messages.length === 1 ? (messages[0] ?? '') : `[${messages.join(', ')}]`;
}

export const fieldError = {
  required: (field: string, detail = ''): FieldError => ({
    reason: 'FieldValueRequired',
    field,
    detail,
  }),
  invalid: (field: string, value: JsonValue, detail: string): FieldError => ({
    reason: 'FieldValueInvalid',
    field,
    value,
    detail,
  }),
  typeInvalid: (field: string, value: JsonValue, detail: string): FieldError => ({
    reason: 'FieldValueTypeInvalid',
    field,
    value,
    detail,
  }),
  notSupported: (field: string, value: JsonValue, supported: readonly string[]): FieldError => ({
    reason: 'FieldValueNotSupported',
    field,
    value,
    detail: supported.length
      ? `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}`
      : '',
  }),
  forbidden: (field: string, detail: string): FieldError => ({
    reason: 'FieldValueForbidden',
    field,
    detail,
  }),
  tooLong: (field: string, maxBytes: number): FieldError => ({
    reason: 'FieldValueTooLong',
    field,
    detail: `may not be more than ${maxBytes} ${maxBytes === 1 ? 'byte' : 'bytes'}`,
  }),
  tooMany: (field: string, actual: number, max: number): FieldError => ({
    reason: 'FieldValueTooMany',
    field,
    value: actual,
    detail: `must have at most ${max} items`,
  }),
  duplicate: (field: string, value: JsonValue): FieldError => ({
    reason: 'FieldValueDuplicate',
    field,
    value,
    detail: '',
  }),
};
