// client-node leaves MicroTime fields as text when it reads a Lease: these literals are what it hands over.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decide,
  heldSpec,
  leaseDurationSecondsOf,
  leaseRecordOf,
  releasedSpec,
  type LeaseRecord,
} from '../../src/kube/lease-record.js';

const record = (holderIdentity: string, leaseDurationSeconds?: number): LeaseRecord => ({
  holderIdentity,
  leaseDurationSeconds,
  acquireTime: '2026-01-01T00:00:00.000000Z',
  renewTime: '2026-01-01T00:00:10.000000Z',
  leaseTransitions: 2,
});

test('decide: renew ours, take a released or expired Lease, wait on one held', () => {
  // The record was first seen (changed) at t=1000 on this clock; times in the record are ignored.
  const cases: [LeaseRecord, number, ReturnType<typeof decide>][] = [
    [record('me', 15), 1_000, 'renew'],
    [record('', 15), 1_000, 'take'],
    [record('other', 15), 1_000, 'wait'],
    [record('other', 15), 15_999, 'wait'],
    [record('other', 15), 16_000, 'take'],
    [record('other'), 10_999, 'wait'],
    [record('other'), 11_000, 'take'],
  ];
  for (const [lease, nowMs, expected] of cases)
    assert.equal(
      decide(lease, 'me', 1_000, nowMs, 10),
      expected,
      `${lease.holderIdentity} at ${nowMs}`,
    );
});

test('heldSpec keeps acquireTime and transitions on renewal, counts one on takeover, starts at 0', () => {
  const now = Date.parse('2026-01-01T00:01:00Z');
  const renewal = heldSpec(record('me'), 'me', now, 15);
  assert.equal(renewal.acquireTime?.toISOString(), '2026-01-01T00:00:00.000000Z');
  assert.equal(renewal.renewTime?.toISOString(), '2026-01-01T00:01:00.000000Z');
  assert.equal(renewal.leaseTransitions, 2);
  const takeover = heldSpec(record('other'), 'me', now, 15);
  assert.equal(takeover.holderIdentity, 'me');
  assert.equal(takeover.acquireTime?.toISOString(), '2026-01-01T00:01:00.000000Z');
  assert.equal(takeover.leaseTransitions, 3);
  assert.equal(takeover.leaseDurationSeconds, 15);
  assert.equal(heldSpec(undefined, 'me', now, 15).leaseTransitions, 0);
  assert.deepEqual(
    JSON.parse(JSON.stringify(releasedSpec(record('me'), now))),
    {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: '2026-01-01T00:01:00.000000Z',
      renewTime: '2026-01-01T00:01:00.000000Z',
      leaseTransitions: 2,
    },
    'MicroTime on the wire: six fractional digits',
  );
});

test('leaseRecordOf reads the text client-node leaves in MicroTime fields', () => {
  const read = leaseRecordOf({
    spec: { holderIdentity: 'a', renewTime: '2026-01-01T00:00:10.123456Z' as unknown as Date },
  });
  assert.deepEqual(read, {
    holderIdentity: 'a',
    leaseDurationSeconds: undefined,
    acquireTime: undefined,
    renewTime: '2026-01-01T00:00:10.123456Z',
    leaseTransitions: 0,
  });
  assert.equal(leaseRecordOf({}).holderIdentity, '');
});

test('Lease durations are whole seconds, rounded up', () => {
  assert.deepEqual([1, 1_000, 1_500, 15_000].map(leaseDurationSecondsOf), [1, 1, 2, 15]);
});
