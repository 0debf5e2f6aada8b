import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorString } from './field-errors.js';
import type { JsonObject } from './json.js';
import { s, type Schema } from './schema.js';
import { decodeWithSchema, DecodeError } from './schema-decode.js';
import { validateWithSchema } from './schema-validation.js';

const widget: Schema = s.object(
  {
    spec: s.object(
      {
        size: { type: 'integer', minimum: 1, maximum: 100 },
        color: { type: 'string', enum: ['red', 'green'], default: 'green' },
        name: { type: 'string', maxLength: 5, pattern: '^[a-z]+$' },
        items: { type: 'array', maxItems: 2, items: { type: 'string' } },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        when: { type: 'string', format: 'date-time' },
      },
      { required: ['size'] },
    ),
  },
  { required: ['spec'] },
);

function messages(value: JsonObject): string[] {
  return validateWithSchema(value, widget).map(fieldErrorString);
}

test('validation messages match the real server word for word', () => {
  assert.deepEqual(messages({ spec: { size: 200 } }), [
    'spec.size: Invalid value: 200: spec.size in body should be less than or equal to 100',
  ]);
  assert.deepEqual(messages({ spec: { size: 0 } }), [
    'spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1',
  ]);
  assert.deepEqual(messages({ spec: {} }), ['spec.size: Required value']);
  assert.deepEqual(messages({}), ['spec: Required value']);
  assert.deepEqual(messages({ spec: { size: 'big' } }), [
    'spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"',
  ]);
  assert.deepEqual(messages({ spec: { size: 1, color: 'blue' } }), [
    'spec.color: Unsupported value: "blue": supported values: "red", "green"',
  ]);
  assert.deepEqual(messages({ spec: { size: 1, name: 'abcdefg' } }), [
    'spec.name: Too long: may not be more than 5 bytes',
  ]);
  assert.deepEqual(messages({ spec: { size: 1, name: 'AB' } }), [
    `spec.name: Invalid value: "AB": spec.name in body should match '^[a-z]+$'`,
  ]);
  assert.deepEqual(messages({ spec: { size: 1, items: ['a', 'b', 'c'] } }), [
    'spec.items: Too many: 3: must have at most 2 items',
  ]);
  assert.deepEqual(messages({ spec: { size: 1, when: 'soon' } }), [
    'spec.when: Invalid value: "soon": spec.when in body must be of type date-time: "soon"',
  ]);
});

test('decoding prunes unknown fields, keeps preserved ones and applies defaults', () => {
  const object: JsonObject = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    spec: { size: 1, bogus: true, extra: { anything: 1 }, when: null },
    top: 1,
  };
  const { unknownFields } = decodeWithSchema(object, widget, 'Widget');
  assert.deepEqual(unknownFields, ['spec.bogus', 'top']);
  assert.deepEqual(object, {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    spec: { size: 1, extra: { anything: 1 }, color: 'green' },
  });
});

test('built-in kinds fail decoding on a wrong type, with Go’s message', () => {
  const configMap: Schema = s.object({ data: s.stringMap() }, { 'x-herald-go-type': 'ConfigMap' });
  assert.throws(
    () => decodeWithSchema({ data: { a: 1 } }, configMap, 'ConfigMap'),
    (e: unknown) =>
      e instanceof DecodeError &&
      e.message ===
        'json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
  );
});
