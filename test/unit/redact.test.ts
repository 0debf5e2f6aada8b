import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecrets, maskUrl } from '../../src/http/redact.js';

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
