import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRefusedAddress, refusedHostReason } from '../../src/http/address-policy.js';

test('link-local ranges and metadata servers are refused, in every spelling', () => {
  for (const ip of [
    '169.254.169.254',
    '169.254.0.1',
    '169.254.255.255',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a9fe:a9fe',
    'fe80::1',
    'FE80::1',
    'febf:ffff::1',
    'fd00:ec2::254',
    'fd20:ce::254',
    '100.100.100.200',
  ]) {
    assert.equal(isRefusedAddress(ip), true, ip);
  }
});

test('loopback, private ranges and public addresses stay allowed', () => {
  for (const ip of [
    '127.0.0.1',
    '::1',
    '10.0.0.1',
    '172.16.0.1',
    '192.168.0.1',
    'fd00::1',
    'fd00:ec2::253',
    '100.100.100.201',
    '169.253.255.255',
    '169.255.0.0',
    'fec0::1',
    '8.8.8.8',
    'not an ip',
  ]) {
    assert.equal(isRefusedAddress(ip), false, ip);
  }
});

test('a URL host is refused for its IP or its metadata name, and says which', () => {
  assert.equal(
    refusedHostReason('169.254.169.254'),
    '169.254.169.254, a link-local or cloud metadata address',
  );
  assert.equal(refusedHostReason('[fe80::1]'), 'fe80::1, a link-local or cloud metadata address');
  assert.equal(
    refusedHostReason('metadata.google.internal.'),
    'metadata.google.internal, a cloud metadata server',
  );
  assert.equal(refusedHostReason('metadata.goog'), 'metadata.goog, a cloud metadata server');
  // A bare name may be a Service of the Provider's namespace: only its resolution is checked.
  assert.equal(refusedHostReason('metadata'), undefined);
  assert.equal(refusedHostReason('hooks.slack.com'), undefined);
  assert.equal(refusedHostReason('127.0.0.1'), undefined);
});
