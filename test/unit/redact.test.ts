import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basicCredentials, maskSecrets, maskUrl, urlSecrets } from '../../src/http/redact.js';

test('maskUrl keeps scheme, host and port and drops path, query and userinfo', () => {
  assert.equal(
    maskUrl('https://hooks.slack.com/services/T000/B000/XXXXXXXX'),
    'https://hooks.slack.com/***',
  );
  assert.equal(
    maskUrl('https://user:pa55@loki.example:3100/x?token=abc#f'),
    'https://***@loki.example:3100/***',
  );
  assert.equal(maskUrl('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
  assert.equal(maskUrl('http://example.com?key=1'), 'http://example.com/***');
  assert.equal(maskUrl('not a url'), '***');
});

test('maskSecrets replaces every secret, longest first, and its URL-encoded form', () => {
  const text = 'token s3cr3t/x+y and s3cr3t/x+y again, encoded s3cr3t%2Fx%2By, short s3cr3t';
  assert.equal(
    maskSecrets(text, ['s3cr3t', 's3cr3t/x+y', undefined, '']),
    'token *** and *** again, encoded ***, short ***',
  );
});

test('maskSecrets masks URLs left in the text', () => {
  assert.equal(
    maskSecrets(
      'POST https://hooks.slack.com/services/T/B/C failed: connect to http://a:b@proxy:3128/',
      [],
    ),
    'POST https://hooks.slack.com/*** failed: connect to http://***@proxy:3128',
  );
});

test('maskSecrets masks each form a secret takes in an echoed request', () => {
  const secret = 'a b"c\\d/ä&e=f+g';
  const echoes = [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).toLowerCase(),
    encodeURI(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(secret).slice(1, -1).replace('ä', '\\u00E4'),
    JSON.stringify(secret).slice(1, -1).replace('/', '\\/'),
    'a b&quot;c\\d/ä&amp;e=f+g',
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
  ];
  for (const echo of echoes) {
    assert.equal(maskSecrets(`<pre>${echo}</pre>`, [secret]), '<pre>***</pre>', echo);
  }
});

test('urlSecrets gives the pieces of an address a receiver may echo on their own', () => {
  const address = 'https://user:p%40ss@hooks.example/services/T0/B0/s%C3%A9cret?token=q%20tok&a=1';
  const pieces = urlSecrets(address);
  for (const piece of [
    address,
    '/services/T0/B0/s%C3%A9cret',
    '/services/T0/B0/sécret',
    'token=q%20tok&a=1',
    'q tok',
    'p@ss',
    'user:p@ss',
  ]) {
    assert.ok(pieces.includes(piece), `${piece} in ${pieces.join(' ')}`);
  }
  // A value this short is no secret, and masking it would garble every `1` of a message.
  assert.ok(!pieces.includes('1'));
  assert.equal(
    maskSecrets(
      `Cannot POST /services/T0/B0/s%C3%A9cret?token=q%20tok&a=1 as ${Buffer.from('user:p@ss').toString('base64')}`,
      pieces,
    ),
    'Cannot POST ***?*** as ***',
  );
});

test('basicCredentials gives the password and the pair Basic auth encodes', () => {
  assert.deepEqual(basicCredentials('u', 'pw'), ['pw', 'u:pw']);
  assert.deepEqual(basicCredentials(undefined, 'pw'), ['pw', ':pw']);
  assert.deepEqual(basicCredentials('u', undefined), []);
});
