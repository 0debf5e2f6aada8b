import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import {
  type CustomResourceDefinition,
  customResourceDefinitions,
} from '../../src/api/crd-definitions.js';
import type { OpenApiSchema } from '../../src/api/openapi-schema.js';

const [alertCrd, providerCrd] = customResourceDefinitions();
if (alertCrd === undefined || providerCrd === undefined) throw new Error('two CRDs expected');

function rootSchema(crd: CustomResourceDefinition): OpenApiSchema {
  const [version] = crd.spec.versions;
  assert.ok(version);
  return version.schema.openAPIV3Schema;
}

/** Every node of a schema with its path, depth first. */
function* nodes(schema: OpenApiSchema, path = ''): Generator<[string, OpenApiSchema]> {
  yield [path, schema];
  for (const [name, sub] of Object.entries(schema.properties ?? {}))
    yield* nodes(sub, `${path}.${name}`);
  if (schema.items) yield* nodes(schema.items, `${path}[]`);
  if (schema.additionalProperties) yield* nodes(schema.additionalProperties, `${path}{}`);
}

/** Field names of Flux's v1beta3 specs (notification-controller api/v1beta3). */
const FLUX_FIELDS = {
  Alert: {
    spec: [
      'providerRef',
      'eventSeverity',
      'eventSources',
      'inclusionList',
      'eventMetadata',
      'exclusionList',
      'summary',
      'suspend',
    ],
    'spec.eventSources[]': ['apiVersion', 'kind', 'name', 'namespace', 'matchLabels'],
  },
  Provider: {
    spec: [
      'type',
      'interval',
      'channel',
      'username',
      'address',
      'timeout',
      'proxy',
      'proxySecretRef',
      'secretRef',
      'serviceAccountName',
      'certSecretRef',
      'suspend',
      'commitStatusExpr',
    ],
  },
} as const;

for (const crd of [alertCrd, providerCrd]) {
  describe(`${crd.spec.names.kind} CRD`, () => {
    const schema = rootSchema(crd);
    const byPath = new Map(nodes(schema));

    test('is structural: every node typed, no additionalProperties beside properties', () => {
      for (const [path, node] of byPath) {
        assert.ok(node.type, `${path || '(root)'} has no type`);
        assert.ok(
          !(node.properties && node.additionalProperties),
          `${path} has both properties and additionalProperties`,
        );
      }
      assert.deepEqual(
        byPath.get('.metadata'),
        { type: 'object' },
        'metadata may carry nothing but its type',
      );
    });

    test('every default is valid against its own schema, as the API server requires', () => {
      const ajv = new Ajv({ strict: false });
      for (const [path, node] of byPath) {
        if (node.default === undefined) continue;
        assert.ok(ajv.validate(node, node.default), `default of ${path} is invalid`);
      }
    });

    test('map lists are keyed by required fields', () => {
      for (const [path, node] of byPath) {
        for (const key of node['x-kubernetes-list-map-keys'] ?? []) {
          assert.ok(
            node.items?.required?.includes(key),
            `${path}: list map key ${key} is not required`,
          );
        }
      }
    });

    test('has every field of Flux v1beta3', () => {
      for (const [path, fields] of Object.entries(
        FLUX_FIELDS[crd.spec.names.kind as 'Alert' | 'Provider'],
      )) {
        const node = byPath.get(`.${path}`);
        assert.ok(node?.properties, `${path} missing`);
        for (const field of fields) assert.ok(field in node.properties, `${path}.${field} missing`);
      }
    });

    test('stores v1beta3, serves v1beta2 as deprecated, lists v1beta1 for storedVersions', () => {
      assert.deepEqual(
        crd.spec.versions.map(({ name, served, storage, deprecated }) => ({
          name,
          served,
          storage,
          deprecated,
        })),
        [
          { name: 'v1beta1', served: false, storage: false, deprecated: undefined },
          { name: 'v1beta2', served: true, storage: false, deprecated: true },
          { name: 'v1beta3', served: true, storage: true, deprecated: undefined },
        ],
      );
    });

    test('serves v1beta3 with status, printer columns and Flux categories', () => {
      const version = crd.spec.versions.find((candidate) => candidate.name === 'v1beta3');
      assert.ok(version);
      assert.equal(version.served && version.storage, true);
      assert.deepEqual(version.subresources, { status: {} });
      assert.deepEqual(crd.spec.names.categories, ['all', 'fluxcd', 'fluxcd-notifications']);
      const columns = version.additionalPrinterColumns.map((column) => column.name);
      const expected =
        crd.spec.names.kind === 'Provider'
          ? ['Type', 'Ready', 'Status', 'Age']
          : ['Ready', 'Status', 'Last Dispatch', 'Age'];
      assert.deepEqual(columns, expected);
    });
  });
}
