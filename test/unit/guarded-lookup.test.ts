import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { AddressNotAllowedError, guardedLookup } from '../../src/http/guarded-lookup.js';
import { createOutboundTransport } from '../../src/http/outbound-transport.js';

/** A resolver answering every name with `answer`, as dns.lookup does with and without `all`. */
function resolvingTo(answer: string | LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (typeof answer === 'string') callback(null, answer, answer.includes(':') ? 6 : 4);
    else if (options.all === true) callback(null, answer);
    else callback(null, answer[0]?.address ?? '', answer[0]?.family);
  };
}

function lookUp(
  lookup: LookupFunction,
  all = false,
): Promise<{ error: NodeJS.ErrnoException | null; address: string | LookupAddress[] }> {
  return new Promise((resolve) => {
    lookup('hook.example', { all }, (error, address) => {
      resolve({ error, address });
    });
  });
}

test('a name resolving to a link-local or metadata address is refused with a stable code', async () => {
  for (const address of ['169.254.169.254', '::ffff:169.254.169.254', 'fd00:ec2::254']) {
    const { error } = await lookUp(guardedLookup(resolvingTo(address)));
    assert.ok(error instanceof AddressNotAllowedError, address);
    assert.equal(error.code, 'HERALD_DELIVERY_ADDRESS_NOT_ALLOWED');
    assert.equal(
      error.message,
      `hook.example resolves to ${address}, a link-local or cloud metadata address, refused ` +
        'without --allow-link-local-providers',
    );
  }
});

test('with every address asked for, one refused address refuses the name', async () => {
  const answer = [
    { address: '10.0.0.5', family: 4 },
    { address: '169.254.170.2', family: 4 },
  ];
  const { error } = await lookUp(guardedLookup(resolvingTo(answer)), true);
  assert.ok(error instanceof AddressNotAllowedError);
});

test('other addresses and resolver errors pass through unchanged', async () => {
  assert.deepEqual(await lookUp(guardedLookup(resolvingTo('127.0.0.1'))), {
    error: null,
    address: '127.0.0.1',
  });
  const answer = [{ address: '10.0.0.5', family: 4 }];
  assert.deepEqual(await lookUp(guardedLookup(resolvingTo(answer)), true), {
    error: null,
    address: answer,
  });
  const failure = Object.assign(new Error('getaddrinfo ENOTFOUND hook.example'), {
    code: 'ENOTFOUND',
  });
  const failing: LookupFunction = (_hostname, _options, callback) => {
    callback(failure, '');
  };
  assert.equal((await lookUp(guardedLookup(failing))).error, failure);
});

test('the transport guards its agents unless --allow-link-local-providers is set', () => {
  const resolve = resolvingTo('127.0.0.1');
  const guarded = createOutboundTransport({ lookup: resolve });
  const allowed = createOutboundTransport({ lookup: resolve, allowLinkLocal: true });
  for (const agent of [guarded.httpAgent, guarded.httpsAgent])
    assert.notEqual(
      (agent as unknown as { options: { lookup?: unknown } }).options.lookup,
      resolve,
    );
  for (const agent of [allowed.httpAgent, allowed.httpsAgent])
    assert.equal((agent as unknown as { options: { lookup?: unknown } }).options.lookup, resolve);
  guarded.destroy();
  allowed.destroy();
});
