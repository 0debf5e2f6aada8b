import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { customResourceDefinitions } from '../../src/api/crd-definitions.js';
import type { OpenApiSchema } from '../../src/api/openapi-schema.js';

const receiverCrd = customResourceDefinitions().find((crd) => crd.spec.names.kind === 'Receiver');

/** Field names of Flux's v1 Receiver (notification-controller api/v1). */
const FLUX_SPEC_FIELDS = [
  'type',
  'interval',
  'events',
  'resources',
  'resourceFilter',
  'secretRef',
  'oidcProviders',
  'suspend',
];
const FLUX_TARGET_FIELDS = ['apiVersion', 'kind', 'name', 'namespace', 'matchLabels'];
const FLUX_STATUS_FIELDS = [
  'conditions',
  'observedGeneration',
  'webhookPath',
  'lastHandledReconcileAt',
];

describe('Receiver CRD', () => {
  assert.ok(receiverCrd, 'a Receiver CRD is generated');
  const v1 = receiverCrd.spec.versions.find((version) => version.name === 'v1');
  assert.ok(v1);
  const schema = v1.schema.openAPIV3Schema;
  const spec = schema.properties?.spec;
  const status = schema.properties?.status;

  test('is receivers.notification.toolkit.fluxcd.io, storing v1 with a status subresource', () => {
    assert.equal(receiverCrd.metadata.name, 'receivers.notification.toolkit.fluxcd.io');
    assert.equal(receiverCrd.spec.names.plural, 'receivers');
    assert.deepEqual(
      receiverCrd.spec.versions.map(({ name, served, storage }) => ({ name, served, storage })),
      [
        { name: 'v1beta1', served: false, storage: false },
        { name: 'v1beta2', served: true, storage: false },
        { name: 'v1', served: true, storage: true },
      ],
    );
    assert.deepEqual(v1.subresources, { status: {} });
  });

  test("has Flux's printer columns in Flux's order: Age, Ready, Status", () => {
    assert.deepEqual(
      v1.additionalPrinterColumns.map(({ name, jsonPath }) => [name, jsonPath]),
      [
        ['Age', '.metadata.creationTimestamp'],
        ['Ready', '.status.conditions[?(@.type=="Ready")].status'],
        ['Status', '.status.conditions[?(@.type=="Ready")].message'],
      ],
    );
  });

  test('has every field of Flux v1', () => {
    const has = (node: OpenApiSchema | undefined, fields: string[], where: string) => {
      for (const field of fields) assert.ok(node?.properties?.[field], `${where}.${field} missing`);
    };
    assert.ok(spec?.properties);
    has(spec, FLUX_SPEC_FIELDS, 'spec');
    has(spec.properties.resources?.items, FLUX_TARGET_FIELDS, 'spec.resources[]');
    has(status, FLUX_STATUS_FIELDS, 'status');
    assert.deepEqual(spec.required, ['type', 'resources']);
    assert.equal(spec.properties.interval?.default, '10m');
    assert.ok(spec.properties.type?.enum?.includes('generic-oidc'));
    assert.ok(spec.properties.resources?.items?.properties?.kind?.enum?.includes('GitRepository'));
  });
});
