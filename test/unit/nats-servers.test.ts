import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNatsAddress } from '../../src/notifiers/nats-servers.js';

test('reads a server list as nats.go does: default scheme and port, userinfo credentials', () => {
  assert.deepEqual(
    parseNatsAddress('nats.messaging, tls://u:p%40ss@[::1]:4443,nats://tok@10.0.0.2:4223'),
    {
      servers: [
        { hostPort: 'nats.messaging:4222', hostname: 'nats.messaging', tls: false },
        { hostPort: '[::1]:4443', hostname: '::1', tls: true, user: 'u', pass: 'p@ss' },
        { hostPort: '10.0.0.2:4223', hostname: '10.0.0.2', tls: false, token: 'tok' },
      ],
    },
  );
});

test('says what is wrong with an address it cannot use, naming no credential', () => {
  const reasons = ['wss://nats:443', 'nats://', 'a,,b', 'nats://u:pw@:4222'].map((address) => {
    const read = parseNatsAddress(address);
    assert.ok('invalid' in read, address);
    assert.ok(!read.invalid.includes('pw'), read.invalid);
    return read.invalid;
  });
  assert.equal(reasons[0], 'uses wss://, where NATS takes nats:// or tls://');
  assert.equal(reasons[2], 'has an empty server in its list');
});
