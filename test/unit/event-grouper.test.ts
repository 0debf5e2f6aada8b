import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PendingNotification } from '../../src/pipeline/pending-notification.js';
import { EventGrouper, type GroupingSpec } from '../../src/storm/event-grouper.js';
import { groupKeyOf } from '../../src/storm/group-key.js';
import { createManualClock } from '../support/manual-clock.js';
import { pendingNotification } from '../support/pending-notification.js';

const BY_OBJECT: GroupingSpec = { by: ['object'], waitMs: 30_000, intervalMs: 300_000 };

function grouperWith(maxGroups?: number) {
  const clock = createManualClock();
  const released: PendingNotification[] = [];
  const grouper = new EventGrouper(clock, (pending) => released.push(pending), maxGroups);
  return { clock, released, grouper };
}

test('a group waits, then sends one summary of what it collected', () => {
  const { clock, released, grouper } = grouperWith();
  for (let i = 0; i < 22; i++) grouper.add(pendingNotification({ message: 'failed' }), BY_OBJECT);
  clock.advance(29_999);
  assert.equal(released.length, 0);
  clock.advance(1);
  assert.equal(released.length, 1);
  assert.equal(released[0]?.digest?.count, 22);
  assert.equal(released[0].ledgerIds.length, 22);
  assert.equal(released[0].threadKey, 'Kustomization/apps/webapp');
});

test('a group of one sends the event unchanged, with its thread', () => {
  const { clock, released, grouper } = grouperWith();
  const only = pendingNotification();
  grouper.add(only, BY_OBJECT);
  clock.advance(30_000);
  assert.equal(released.length, 1);
  assert.equal(released[0]?.notification, only.notification);
  assert.equal(released[0].digest, undefined);
  assert.equal(released[0].threadKey, 'Kustomization/apps/webapp');
});

test('after its first notification a group sends at most one per interval, then closes', () => {
  const { clock, released, grouper } = grouperWith();
  grouper.add(pendingNotification(), BY_OBJECT);
  clock.advance(30_000);
  assert.equal(released.length, 1);
  // Events during the interval wait for its end, however many.
  clock.advance(10_000);
  for (let i = 0; i < 5; i++) grouper.add(pendingNotification(), BY_OBJECT);
  clock.advance(289_999);
  assert.equal(released.length, 1);
  clock.advance(1);
  assert.equal(released.length, 2);
  assert.equal(released[1]?.digest?.count, 5);
  // A quiet interval closes the group…
  clock.advance(300_000);
  assert.equal(grouper.size, 0);
  // …and the next event opens a new one, which waits again.
  grouper.add(pendingNotification(), BY_OBJECT);
  clock.advance(29_999);
  assert.equal(released.length, 2);
  clock.advance(1);
  assert.equal(released.length, 3);
});

test('objects group apart; other fields group across objects', () => {
  const { clock, released, grouper } = grouperWith();
  for (const object of ['a', 'b', 'a', 'c', 'b'])
    grouper.add(pendingNotification({ object }), BY_OBJECT);
  clock.advance(30_000);
  assert.deepEqual(
    released.map((pending) => [pending.threadKey, pending.digest?.count ?? 1]),
    [
      ['Kustomization/apps/a', 2],
      ['Kustomization/apps/b', 2],
      ['Kustomization/apps/c', 1],
    ],
  );

  const byReason: GroupingSpec = { ...BY_OBJECT, by: ['reason', 'severity'] };
  for (const object of ['a', 'b', 'c'])
    grouper.add(pendingNotification({ object, reason: 'HealthCheckFailed' }), byReason);
  grouper.add(
    pendingNotification({ object: 'd', reason: 'HealthCheckFailed', severity: 'info' }),
    byReason,
  );
  clock.advance(30_000);
  assert.deepEqual(
    released.slice(3).map((pending) => [pending.threadKey, pending.digest?.count ?? 1]),
    [
      ['HealthCheckFailed|error', 3],
      ['HealthCheckFailed|info', 1],
    ],
  );
});

test('two Alerts never share a group', () => {
  const { clock, released, grouper } = grouperWith();
  const first = pendingNotification();
  const second = pendingNotification({
    alert: { ...first.alert, key: 'apps/other' },
  });
  grouper.add(first, BY_OBJECT);
  grouper.add(second, BY_OBJECT);
  clock.advance(30_000);
  assert.equal(released.length, 2);
});

test('a storm within one wait is folded, so a group holds bounded memory, and all is counted', () => {
  const { clock, released, grouper } = grouperWith();
  for (let i = 0; i < 2_500; i++)
    grouper.add(pendingNotification({ message: `m${String(i % 3)}` }), BY_OBJECT);
  clock.advance(30_000);
  assert.equal(released.length, 1);
  assert.equal(released[0]?.digest?.count, 2_500);
  assert.equal(released[0].ledgerIds.length, 2_500);
  assert.equal(new Set(released[0].digest.messages.keys()).size, 3);
});

test('beyond the most open groups, new groups are not opened: their events go at once', () => {
  const { released, grouper } = grouperWith(2);
  assert.equal(grouper.add(pendingNotification({ object: 'a' }), BY_OBJECT), true);
  assert.equal(grouper.add(pendingNotification({ object: 'b' }), BY_OBJECT), true);
  assert.equal(grouper.add(pendingNotification({ object: 'c' }), BY_OBJECT), false);
  assert.equal(released.length, 1);
  assert.equal(released[0]?.threadKey, 'Kustomization/apps/c');
});

test('flushAll sends what every group holds at once and closes them', () => {
  const { clock, released, grouper } = grouperWith();
  grouper.add(pendingNotification({ object: 'a' }), BY_OBJECT);
  grouper.add(pendingNotification({ object: 'a' }), BY_OBJECT);
  grouper.add(pendingNotification({ object: 'b' }), BY_OBJECT);
  grouper.flushAll();
  assert.equal(released.length, 2);
  assert.equal(grouper.size, 0);
  assert.equal(clock.pending, 0);
});

test('group keys join the chosen fields in the order given', () => {
  const event = pendingNotification({ object: 'web' }).notification;
  assert.equal(groupKeyOf(event, ['object']), 'Kustomization/apps/web');
  assert.equal(groupKeyOf(event, ['namespace', 'severity']), 'apps|error');
});
