import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shardedName } from '../../src/kube/shard-name.js';
import { leaseNameFor } from '../../src/kube/leader-election.js';

test('a shard names its Lease and checkpoint after its selector; no selector keeps the base name', () => {
  assert.equal(
    shardedName('herald-kube-events-checkpoint', undefined),
    'herald-kube-events-checkpoint',
  );
  const one = shardedName('herald-kube-events-checkpoint', 'sharding.fluxcd.io/key=shard1');
  const two = shardedName('herald-kube-events-checkpoint', 'sharding.fluxcd.io/key=shard2');
  assert.match(one, /^herald-kube-events-checkpoint-[0-9a-f]{10}$/);
  assert.notEqual(one, two);
  // The Lease and the checkpoint of one shard carry the same suffix.
  assert.equal(leaseNameFor('sharding.fluxcd.io/key=shard1').slice(-10), one.slice(-10));
});
