import { _, Ajv, type ErrorObject } from 'ajv';
import type { FluxEvent } from '../api/event.js';
import {
  GO_RFC3339_FORMAT,
  HEADER_VALUE_FORMAT,
  MAX_CHARACTERS_KEYWORD,
  MAX_TOTAL_LENGTH_KEYWORD,
  eventSchema,
} from '../api/event-schema.js';
import { readEventTime } from '../notifiers/event-time.js';

/** One offending field of a request body, named by its JSON pointer. */
export interface FieldProblem {
  field: string;
  message: string;
}

export type ValidationResult =
  { ok: true; event: FluxEvent } | { ok: false; problems: FieldProblem[] };

export type EventValidator = (body: unknown) => ValidationResult;

const FORMAT_MESSAGES: Readonly<Record<string, string>> = {
  [GO_RFC3339_FORMAT]: 'must be an RFC 3339 date-time (e.g. 2022-10-28T07:26:19Z)',
  [HEADER_VALUE_FORMAT]:
    'must be printable ASCII without control characters: it is sent as the gotk-component header',
};

/** Compiles the Event schema once; the returned function is what the hot path calls. */
export function createEventValidator(): EventValidator {
  const ajv = new Ajv({ allErrors: true, strict: true });
  // The parser delivery uses: a timestamp that validates is one the notifiers can read.
  ajv.addFormat(GO_RFC3339_FORMAT, {
    type: 'string',
    validate: (text: string) => readEventTime(text) !== undefined,
  });
  ajv.addFormat(HEADER_VALUE_FORMAT, { type: 'string', validate: isPrintableAscii });
  // Both keywords are generated inline: a function keyword builds a context object per call.
  ajv.addKeyword({
    keyword: MAX_CHARACTERS_KEYWORD,
    type: 'string',
    schemaType: 'number',
    error: { message: 'too long', params: ({ schemaCode }) => _`{limit: ${schemaCode}}` },
    code(cxt) {
      const count = cxt.gen.scopeValue('func', { ref: codePoints });
      // Code points never outnumber UTF-16 units: count them only for a long string.
      const { data, schemaCode: limit } = cxt;
      cxt.fail(_`${data}.length > ${limit} && ${count}(${data}) > ${limit}`);
    },
  });
  ajv.addKeyword({
    keyword: MAX_TOTAL_LENGTH_KEYWORD,
    type: 'object',
    schemaType: 'number',
    error: { message: 'too long', params: ({ schemaCode }) => _`{limit: ${schemaCode}}` },
    code(cxt) {
      const total = cxt.gen.scopeValue('func', { ref: totalLength });
      cxt.fail(_`${total}(${cxt.data}) > ${cxt.schemaCode}`);
    },
  });
  const validate = ajv.compile<FluxEvent>(eventSchema);
  return (body) => {
    if (validate(body)) return { ok: true, event: body };
    return { ok: false, problems: (validate.errors ?? []).flatMap(toProblems) };
  };
}

function toProblems(error: ErrorObject): FieldProblem[] {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      // ajv points at the parent; a reader wants the missing field itself.
      const missing = params.missingProperty as string;
      return [{ field: childPointer(error.instancePath, missing), message: 'is required' }];
    }
    case 'minLength':
      return [{ field: error.instancePath, message: 'must not be empty' }];
    case MAX_CHARACTERS_KEYWORD: {
      const limit = String(params.limit);
      // A metadata key: named by its own pointer.
      if (error.propertyName !== undefined) {
        return [
          {
            field: childPointer(error.instancePath, error.propertyName),
            message: `key must be at most ${limit} characters`,
          },
        ];
      }
      return [{ field: error.instancePath, message: `must be at most ${limit} characters` }];
    }
    case 'propertyNames':
      // Follows the error on the key itself, which says what is wrong.
      return [];
    case MAX_TOTAL_LENGTH_KEYWORD:
      return [
        {
          field: error.instancePath,
          message: `keys and values together must be at most ${String(params.limit)} characters`,
        },
      ];
    case 'enum':
      return [
        {
          field: error.instancePath,
          message: `must be one of ${(params.allowedValues as unknown[]).join(', ')}`,
        },
      ];
    case 'format':
      return [
        {
          field: error.instancePath,
          message: FORMAT_MESSAGES[params.format as string] ?? 'is not valid',
        },
      ];
    default:
      return [
        {
          field: error.instancePath === '' ? '/' : error.instancePath,
          message: error.message ?? 'is invalid',
        },
      ];
  }
}

/** Space to tilde: what an HTTP header value can carry unchanged, from any client. */
function isPrintableAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code > 0x7e) return false;
  }
  return true;
}

/** Code points, as `maxLength` counts: a surrogate pair is one character. */
function codePoints(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // A high surrogate followed by a low one is a single code point.
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
    count++;
  }
  return count;
}

/** Lengths of all keys and string values (UTF-16 units), without copying either. */
function totalLength(data: Record<string, unknown>): number {
  let total = 0;
  for (const key in data) {
    total += key.length;
    const value = data[key];
    if (typeof value === 'string') total += value.length;
  }
  return total;
}

function childPointer(parent: string, key: string): string {
  return `${parent}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
