import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanMetadata, normalizeEvent } from '../../src/pipeline/event-metadata.js';
import { seedEvent } from '../fixtures/seed-event.js';

test('keeps event.toolkit.fluxcd.io/* and <group>/* keys only, less checksum and digest', () => {
  const cleaned = cleanMetadata(
    {
      'kustomize.toolkit.fluxcd.io/revision': 'main/abc',
      'kustomize.toolkit.fluxcd.io/Checksum': 'drop',
      'kustomize.toolkit.fluxcd.io/DIGEST': 'drop',
      'event.toolkit.fluxcd.io/env': 'prod',
      'source.toolkit.fluxcd.io/revision': 'other group',
      revision: 'no group',
    },
    'kustomize.toolkit.fluxcd.io/v1',
  );
  assert.deepEqual(cleaned, {
    'kustomize.toolkit.fluxcd.io/revision': 'main/abc',
    'event.toolkit.fluxcd.io/env': 'prod',
  });
});

test('an object of the core group keeps only event.toolkit.fluxcd.io/* keys', () => {
  assert.deepEqual(
    cleanMetadata({ 'event.toolkit.fluxcd.io/count': '3', 'app/revision': 'x' }, 'v1'),
    {
      'event.toolkit.fluxcd.io/count': '3',
    },
  );
});

test('normalizeEvent drops unknown fields and keeps every known one', () => {
  const input = {
    ...seedEvent(),
    reportingInstance: 'kustomize-controller-7f9',
    extra: 'ignored',
    involvedObject: { ...seedEvent().involvedObject, fieldPath: 'spec', surprise: 1 },
  };
  const event = normalizeEvent(input);
  assert.deepEqual(event, {
    ...seedEvent(),
    reportingInstance: 'kustomize-controller-7f9',
    involvedObject: { ...seedEvent().involvedObject, fieldPath: 'spec' },
  });
});
