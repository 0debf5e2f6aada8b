import { Ajv, type ErrorObject } from 'ajv';
import type { FluxEvent } from '../api/event.js';
import { GO_RFC3339_FORMAT, eventSchema } from '../api/event-schema.js';
import { readEventTime } from '../notifiers/event-time.js';

/** One offending field of a request body, named by its JSON pointer. */
export interface FieldProblem {
  field: string;
  message: string;
}

export type ValidationResult =
  { ok: true; event: FluxEvent } | { ok: false; problems: FieldProblem[] };

export type EventValidator = (body: unknown) => ValidationResult;

/** Compiles the Event schema once; the returned function is what the hot path calls. */
export function createEventValidator(): EventValidator {
  const ajv = new Ajv({ allErrors: true, strict: true });
  // The parser delivery uses: a timestamp that validates is one the notifiers can read.
  ajv.addFormat(GO_RFC3339_FORMAT, {
    type: 'string',
    validate: (text: string) => readEventTime(text) !== undefined,
  });
  const validate = ajv.compile<FluxEvent>(eventSchema);
  return (body) => {
    if (validate(body)) return { ok: true, event: body };
    return { ok: false, problems: (validate.errors ?? []).map(toProblem) };
  };
}

function toProblem(error: ErrorObject): FieldProblem {
  switch (error.keyword) {
    case 'required': {
      // ajv points at the parent; a reader wants the missing field itself.
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return { field: `${error.instancePath}/${escapePointer(missing)}`, message: 'is required' };
    }
    case 'minLength':
      return { field: error.instancePath, message: 'must not be empty' };
    case 'maxLength':
      return {
        field: error.instancePath,
        message: `must be at most ${String((error.params as { limit: number }).limit)} characters`,
      };
    case 'enum':
      return {
        field: error.instancePath,
        message: `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`,
      };
    case 'format':
      return {
        field: error.instancePath,
        message: 'must be an RFC 3339 date-time (e.g. 2022-10-28T07:26:19Z)',
      };
    default:
      return {
        field: error.instancePath === '' ? '/' : error.instancePath,
        message: error.message ?? 'is invalid',
      };
  }
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
