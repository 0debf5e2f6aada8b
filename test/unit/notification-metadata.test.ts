import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FluxEvent } from '../../src/api/event.js';
import { mergeNotificationMetadata } from '../../src/pipeline/notification-metadata.js';
import { indexedAlert } from '../support/indexed-alert.js';
import { seedEvent } from '../fixtures/seed-event.js';

function withMetadata(metadata: Record<string, string>): FluxEvent {
  return { ...seedEvent(), metadata };
}

test('layers 1 to 4 in order of precedence, prefixes stripped, token dropped', () => {
  const alert = indexedAlert({
    eventMetadata: { env: 'prod', cluster: 'eu-1', summary: 'from eventMetadata' },
    summary: 'from summary',
  });
  const merged = mergeNotificationMetadata(
    withMetadata({
      'event.toolkit.fluxcd.io/env': 'staging',
      'event.toolkit.fluxcd.io/owner': 'team-a',
      'kustomize.toolkit.fluxcd.io/revision': 'main/abc',
      'kustomize.toolkit.fluxcd.io/cluster': 'from the object',
      'kustomize.toolkit.fluxcd.io/token': 'not for people',
    }),
    alert,
  );
  assert.deepEqual(merged.metadata, {
    env: 'prod', // 2 over 1
    owner: 'team-a', // 1
    cluster: 'from the object', // 4 over 2
    summary: 'from summary', // 3 over 2
    revision: 'main/abc', // 4
  });
  assert.deepEqual(merged.conflicts, ['cluster', 'env', 'summary']);
});

test('no metadata and no alert additions is empty, without conflicts', () => {
  assert.deepEqual(mergeNotificationMetadata(withMetadata({}), indexedAlert()), {
    metadata: {},
    conflicts: [],
  });
});

test('the same value from two layers is still a conflict, as Flux counts the layers', () => {
  const merged = mergeNotificationMetadata(
    withMetadata({ 'event.toolkit.fluxcd.io/env': 'prod' }),
    indexedAlert({ eventMetadata: { env: 'prod' } }),
  );
  assert.deepEqual(merged, { metadata: { env: 'prod' }, conflicts: ['env'] });
});

test('the Alert against itself: eventMetadata.summary under spec.summary is a conflict', () => {
  const merged = mergeNotificationMetadata(
    withMetadata({}),
    indexedAlert({ eventMetadata: { summary: 'from eventMetadata' }, summary: 'from summary' }),
  );
  assert.deepEqual(merged, { metadata: { summary: 'from summary' }, conflicts: ['summary'] });
});

test('an event key and an object-group key of the same name conflict', () => {
  const merged = mergeNotificationMetadata(
    withMetadata({
      'event.toolkit.fluxcd.io/revision': 'annotation',
      'kustomize.toolkit.fluxcd.io/revision': 'controller',
    }),
    indexedAlert(),
  );
  assert.deepEqual(merged, { metadata: { revision: 'controller' }, conflicts: ['revision'] });
});

/** Keys that name properties every plain object inherits, or its prototype. */
const INHERITED_NAMES = [
  'toString',
  'constructor',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  '__defineGetter__',
];

/** `{ [key]: value }` with `key` as an own property, as JSON and YAML decoding make it. */
const recordOf = (key: string, value: string) =>
  JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)}}`) as Record<string, string>;

for (const key of INHERITED_NAMES) {
  test(`the key ${key}: kept as any other, a conflict only when two layers set it`, () => {
    const fromEvent = mergeNotificationMetadata(
      withMetadata(recordOf(`event.toolkit.fluxcd.io/${key}`, 'from the event')),
      indexedAlert(),
    );
    assert.deepEqual(fromEvent.conflicts, []);
    assert.deepEqual(Object.entries(fromEvent.metadata), [[key, 'from the event']]);

    const fromAlert = mergeNotificationMetadata(
      withMetadata({}),
      indexedAlert({ eventMetadata: recordOf(key, 'from the Alert') }),
    );
    assert.deepEqual(fromAlert.conflicts, []);
    assert.deepEqual(Object.entries(fromAlert.metadata), [[key, 'from the Alert']]);

    const both = mergeNotificationMetadata(
      withMetadata(recordOf(`kustomize.toolkit.fluxcd.io/${key}`, 'from the object')),
      indexedAlert({ eventMetadata: recordOf(key, 'from the Alert') }),
    );
    assert.deepEqual(both.conflicts, [key]);
    assert.deepEqual(Object.entries(both.metadata), [[key, 'from the object']]);
    assert.equal(
      JSON.stringify(both.metadata),
      `{${JSON.stringify(key)}:"from the object"}`,
      'and it reaches the notification',
    );
  });
}
