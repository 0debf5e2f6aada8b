import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskedBodyExcerpt } from '../../src/http/body-excerpt.js';

test('a body excerpt is masked before it is cut, so no secret is left half-shown', () => {
  const secret = 'S3CRET-'.repeat(20);
  // The secret straddles the 256th character: cut first, its first half would be shown.
  const body = Buffer.from(`${'x'.repeat(200)} ${secret} ${'y'.repeat(400)}`);
  const excerpt = maskedBodyExcerpt(body, [secret]);
  assert.ok(!excerpt.includes('S3CRET'), excerpt);
  assert.ok(excerpt.startsWith(`${'x'.repeat(200)} *** y`));
  assert.ok(excerpt.endsWith('…'));
  assert.ok(excerpt.length <= 257);
});

test('a body excerpt collapses whitespace and keeps short bodies whole', () => {
  assert.equal(maskedBodyExcerpt(Buffer.from(' not\n\n found \t'), []), 'not found');
});
