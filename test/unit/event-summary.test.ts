import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digestOf, mergeDigests } from '../../src/storm/event-digest.js';
import { SUMMARY_METADATA, summaryEvent } from '../../src/storm/event-summary.js';
import { mergePending } from '../../src/storm/merge-pending.js';
import { indexedAlert } from '../support/indexed-alert.js';
import { pendingNotification } from '../support/pending-notification.js';

test('a summary counts events, quotes each distinct message once with its count', () => {
  const items = [
    pendingNotification({ message: 'Health check failed', timestamp: '2026-01-01T10:00:02Z' }),
    pendingNotification({ message: 'Health check failed', timestamp: '2026-01-01T10:00:01Z' }),
    pendingNotification({
      message: 'Reconciliation finished',
      severity: 'info',
      reason: 'ReconciliationSucceeded',
      timestamp: '2026-01-01T10:00:09Z',
    }),
  ];
  const merged = mergePending(items);
  assert.equal(merged.digest?.count, 3);
  assert.deepEqual(
    merged.ledgerIds,
    items.flatMap((item) => item.ledgerIds),
  );
  assert.equal(merged.acceptedAtMs, items[0]?.acceptedAtMs);
  const event = merged.notification;
  assert.equal(
    event.message,
    '3 events from 2026-01-01T10:00:01Z to 2026-01-01T10:00:09Z:\n' +
      '• 2× Health check failed\n' +
      '• 1× Reconciliation finished',
  );
  // The highest severity, the newest event's reason.
  assert.equal(event.severity, 'error');
  assert.equal(event.reason, 'ReconciliationSucceeded');
  assert.equal(event.metadata?.[SUMMARY_METADATA.events], '3');
  assert.equal(event.metadata[SUMMARY_METADATA.firstSeen], '2026-01-01T10:00:01Z');
  assert.equal(event.metadata[SUMMARY_METADATA.lastSeen], '2026-01-01T10:00:09Z');
  // The newest event's own metadata stays.
  assert.ok(event.metadata['kustomize.toolkit.fluxcd.io/revision']);
});

test('summaries of summaries add up, and name how many objects they span', () => {
  const first = mergePending([
    pendingNotification({ object: 'a', message: 'x' }),
    pendingNotification({ object: 'b', message: 'x' }),
  ]);
  const second = mergePending([pendingNotification({ object: 'c', message: 'y' }), first]);
  assert.equal(second.digest?.count, 3);
  assert.equal(second.ledgerIds.length, 3);
  assert.match(second.notification.message, /^3 events for 3 objects from /);
  assert.match(second.notification.message, /• 1× y\n• 2× x$/);
});

test('one notification merges into itself', () => {
  const only = pendingNotification();
  assert.equal(mergePending([only]), only);
  assert.throws(() => mergePending([]), RangeError);
});

test('a summary quotes ten messages, counts the rest, and cuts long ones visibly', () => {
  let digest = digestOf({ ...pendingNotification().notification, message: 'm0' });
  for (let i = 1; i < 60; i++)
    digest = mergeDigests(
      digest,
      digestOf({ ...pendingNotification().notification, message: `m${String(i)}` }),
    );
  const long = 'y'.repeat(1_000);
  digest = mergeDigests(digest, digestOf({ ...pendingNotification().notification, message: long }));
  const lines = summaryEvent(digest).message.split('\n');
  assert.equal(lines.length, 1 + 10 + 1);
  assert.equal(lines.at(-1), '• 51× other messages');
  assert.equal(digest.count, 61);

  const cut = summaryEvent(
    mergeDigests(
      digestOf({ ...pendingNotification().notification, message: long }),
      digestOf(pendingNotification().notification),
    ),
  ).message.split('\n')[1];
  assert.ok(cut !== undefined && cut.length < 320 && cut.endsWith('[truncated by Herald]'));
});

test('a merged notification keeps a thread only when all share it, and tells every Alert', () => {
  const other = indexedAlert({ key: 'apps/other' });
  const a = { ...pendingNotification(), threadKey: 'Kustomization/apps/webapp' };
  const b = { ...pendingNotification({ alert: other }), threadKey: 'Kustomization/apps/webapp' };
  assert.equal(mergePending([a, b]).threadKey, 'Kustomization/apps/webapp');
  assert.deepEqual(
    mergePending([a, b]).alerts.map((alert) => alert.key),
    ['apps/on-call', 'apps/other'],
  );
  assert.equal(mergePending([a, { ...b, threadKey: 'x' }]).threadKey, undefined);
});
