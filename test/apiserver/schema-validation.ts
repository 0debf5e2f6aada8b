import { fieldError, type FieldError } from './field-errors.js';
import { isJsonObject, jsonEqual, type JsonValue } from './json.js';
import type { Schema } from './schema.js';

/**
 * Validates a custom resource against its CRD schema the way kube-openapi does, producing the
 * field errors the real server puts in a 422 (`spec.size: Invalid value: 200: spec.size in body
 * should be less than or equal to 100`). `x-kubernetes-validations` (CEL) rules are not evaluated.
 */
export function validateWithSchema(value: JsonValue, schema: Schema, path = ''): FieldError[] {
  const errors: FieldError[] = [];
  validateNode(value, schema, path, errors);
  return errors;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function typeOfValue(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: JsonValue, schema: Schema): boolean {
  const actual = typeOfValue(value);
  if (schema['x-kubernetes-int-or-string']) return actual === 'integer' || actual === 'string';
  if (schema.type === undefined) return true;
  if (schema.type === 'number') return actual === 'number' || actual === 'integer';
  return actual === schema.type;
}

const FORMAT_CHECKS: Record<string, (v: string) => boolean> = {
  'date-time': (v) =>
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v),
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v),
  byte: (v) => /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0,
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  hostname: (v) =>
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i.test(v) && v.length <= 253,
  uri: (v) => URL.canParse(v),
};

function validateNode(value: JsonValue, schema: Schema, path: string, errors: FieldError[]): void {
  const where = path || '<root>';
  if (value === null) {
    if (!schema.nullable && schema.type !== undefined) {
      errors.push(
        fieldError.typeInvalid(
          path,
          'null',
          `${where} in body must be of type ${schema.type}: "null"`,
        ),
      );
    }
    return;
  }
  if (!typeMatches(value, schema)) {
    const actual = typeOfValue(value);
    const expected = schema['x-kubernetes-int-or-string'] ? 'integer,string' : (schema.type ?? '');
    errors.push(
      fieldError.typeInvalid(
        path,
        actual,
        `${where} in body must be of type ${expected}: "${actual}"`,
      ),
    );
    return;
  }
  validateCombinators(value, schema, path, errors);
  if (typeof value === 'string') validateString(value, schema, path, errors);
  if (typeof value === 'number') validateNumber(value, schema, path, errors);
  if (schema.enum && !schema.enum.some((allowed) => jsonEqual(allowed, value))) {
    const supported = schema.enum.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    errors.push(fieldError.notSupported(path, value, supported));
  }
  if (Array.isArray(value)) validateArray(value, schema, path, errors);
  if (isJsonObject(value)) validateObject(value, schema, path, errors);
}

function validateCombinators(
  value: JsonValue,
  schema: Schema,
  path: string,
  errors: FieldError[],
): void {
  const where = path || '<root>';
  for (const sub of schema.allOf ?? []) validateNode(value, sub, path, errors);
  if (
    schema.anyOf &&
    !schema.anyOf.some((sub) => validateWithSchema(value, sub, path).length === 0)
  ) {
    errors.push(
      fieldError.invalid(path, value, `${where} in body must validate at least one schema (anyOf)`),
    );
  }
  if (schema.oneOf) {
    const passing = schema.oneOf.filter(
      (sub) => validateWithSchema(value, sub, path).length === 0,
    ).length;
    if (passing !== 1) {
      errors.push(
        fieldError.invalid(
          path,
          value,
          `${where} in body must validate one and only one schema (oneOf)`,
        ),
      );
    }
  }
  if (schema.not && validateWithSchema(value, schema.not, path).length === 0) {
    errors.push(
      fieldError.invalid(path, value, `${where} in body must not validate the schema (not)`),
    );
  }
}

function validateString(value: string, schema: Schema, path: string, errors: FieldError[]): void {
  const where = path || '<root>';
  // maxLength counts Unicode code points, as Go's utf8.RuneCountInString does.
  const length = Array.from(value).length;
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    errors.push(fieldError.tooLong(path, schema.maxLength));
  }
  if (schema.minLength !== undefined && length < schema.minLength) {
    errors.push(
      fieldError.invalid(
        path,
        value,
        `${where} in body should be at least ${schema.minLength} chars long`,
      ),
    );
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
    errors.push(
      fieldError.invalid(path, value, `${where} in body should match '${schema.pattern}'`),
    );
  }
  const check = schema.format ? FORMAT_CHECKS[schema.format] : undefined;
  if (schema.format && check && !check(value)) {
    errors.push(
      fieldError.typeInvalid(
        path,
        value,
        `${where} in body must be of type ${schema.format}: "${value}"`,
      ),
    );
  }
}

/** maximum/minimum, exclusive or not: `spec.size in body should be less than or equal to 100`. */
function checkBound(
  value: number,
  bound: number | undefined,
  exclusive: boolean | undefined,
  direction: 'less than' | 'greater than',
  path: string,
  errors: FieldError[],
): void {
  if (bound === undefined) return;
  const within =
    direction === 'less than'
      ? value < bound || (!exclusive && value === bound)
      : value > bound || (!exclusive && value === bound);
  if (within) return;
  const phrase = exclusive ? direction : `${direction} or equal to`;
  errors.push(
    fieldError.invalid(
      path,
      value,
      `${path || '<root>'} in body should be ${phrase} ${String(bound)}`,
    ),
  );
}

function validateNumber(value: number, schema: Schema, path: string, errors: FieldError[]): void {
  const where = path || '<root>';
  checkBound(value, schema.maximum, schema.exclusiveMaximum, 'less than', path, errors);
  checkBound(value, schema.minimum, schema.exclusiveMinimum, 'greater than', path, errors);
  if (
    schema.multipleOf !== undefined &&
    schema.multipleOf !== 0 &&
    value % schema.multipleOf !== 0
  ) {
    errors.push(
      fieldError.invalid(
        path,
        value,
        `${where} in body should be a multiple of ${String(schema.multipleOf)}`,
      ),
    );
  }
}

/** minItems/maxItems and minProperties/maxProperties, worded as kube-openapi words them. */
function checkCount(
  count: number,
  min: number | undefined,
  max: number | undefined,
  noun: 'items' | 'properties',
  path: string,
  value: JsonValue,
  errors: FieldError[],
): void {
  if (max !== undefined && count > max) errors.push(fieldError.tooMany(path, count, max));
  if (min !== undefined && count < min) {
    const where = path || '<root>';
    errors.push(
      fieldError.invalid(path, value, `${where} in body should have at least ${min} ${noun}`),
    );
  }
}

function validateArray(
  value: JsonValue[],
  schema: Schema,
  path: string,
  errors: FieldError[],
): void {
  checkCount(value.length, schema.minItems, schema.maxItems, 'items', path, value, errors);
  const unique = schema.uniqueItems || schema['x-kubernetes-list-type'] === 'set';
  if (unique) {
    const duplicate = value.find(
      (item, i) => value.findIndex((other) => jsonEqual(other, item)) !== i,
    );
    if (duplicate !== undefined)
      errors.push(fieldError.duplicate(`${path}[${value.indexOf(duplicate)}]`, duplicate));
  }
  if (schema.items) {
    const items = schema.items;
    value.forEach((item, i) => {
      validateNode(item, items, `${path}[${i}]`, errors);
    });
  }
}

function validateObject(
  value: Record<string, JsonValue | undefined>,
  schema: Schema,
  path: string,
  errors: FieldError[],
): void {
  const present = Object.keys(value).filter((k) => value[k] !== undefined);
  for (const key of schema.required ?? []) {
    if (value[key] === undefined) errors.push(fieldError.required(join(path, key)));
  }
  checkCount(
    present.length,
    schema.minProperties,
    schema.maxProperties,
    'properties',
    path,
    value,
    errors,
  );
  const additional =
    typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  for (const key of present) {
    const member = value[key];
    if (member === undefined) continue;
    const declared = schema.properties?.[key] ?? additional;
    if (declared) validateNode(member, declared, join(path, key), errors);
  }
}
