import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../src/config/flags.js';
import { ERROR_CODES, type ErrorCode } from '../../src/errors/error-codes.js';
import { errorMessage } from '../../src/errors/error-message.js';
import { HeraldError, isHeraldError } from '../../src/errors/herald-error.js';
import { DeliveryError } from '../../src/http/delivery-error.js';

const src = fileURLToPath(new URL('../../src/', import.meta.url));
const CATALOGUE = 'errors/error-codes.ts';
/** A code as src/ gives it: a string literal (constants named HERALD_… are not codes). */
const CODE_PATTERN = /'(HERALD_[A-Z0-9_]+)'/g;

/** Every HERALD_ code written in src/ outside the catalogue, with the files that write it. */
async function codesUsed(): Promise<Map<string, string[]>> {
  const files = (await readdir(src, { recursive: true })).filter((file) => file.endsWith('.ts'));
  const used = new Map<string, string[]>();
  for (const file of files) {
    if (file === CATALOGUE) continue;
    const text = await readFile(`${src}${file}`, 'utf8');
    for (const [, code = ''] of text.matchAll(CODE_PATTERN))
      used.set(code, [...(used.get(code) ?? []), file]);
  }
  return used;
}

describe('the error catalogue', () => {
  test('lists each code once, each with what it means', async () => {
    const text = await readFile(`${src}${CATALOGUE}`, 'utf8');
    const listed = [...text.matchAll(/^\s+(HERALD_[A-Z0-9_]+):/gm)].map((match) => match[1]);
    assert.equal(new Set(listed).size, listed.length, 'a code is listed twice');
    assert.deepEqual(listed.sort(), Object.keys(ERROR_CODES).sort());
    for (const [code, meaning] of Object.entries(ERROR_CODES))
      assert.ok(meaning.length > 10, `${code} says what it means`);
  });

  test('every code src/ gives is in the catalogue, and every catalogued code is given', async () => {
    const used = await codesUsed();
    const unlisted = [...used.keys()].filter((code) => !Object.hasOwn(ERROR_CODES, code));
    assert.deepEqual(unlisted, [], 'codes used but not catalogued');
    const unused = Object.keys(ERROR_CODES).filter((code) => !used.has(code));
    assert.deepEqual(unused, [], 'codes catalogued but never given');
  });
});

describe('HeraldError', () => {
  test('carries its code and is named after its class', () => {
    const error = new ConfigError('flag --x needs a value');
    assert.ok(error instanceof HeraldError);
    assert.equal(error.code, 'HERALD_BAD_FLAG');
    assert.equal(error.name, 'ConfigError');
    assert.equal(error.message, 'flag --x needs a value');
  });

  test('isHeraldError matches any code, or only the codes named', () => {
    const error = new DeliveryError('HERALD_DELIVERY_REJECTED', 'HTTP 400', { attempts: 1 });
    const codes: ErrorCode[] = ['HERALD_DELIVERY_FAILED'];
    assert.equal(isHeraldError(error), true);
    assert.equal(isHeraldError(error, 'HERALD_DELIVERY_REJECTED'), true);
    assert.equal(isHeraldError(error, ...codes), false);
    assert.equal(isHeraldError(new Error('plain')), false);
  });
});

test('errorMessage turns anything thrown into a message', () => {
  assert.equal(errorMessage(new TypeError('bad')), 'bad');
  assert.equal(errorMessage('text'), 'text');
  assert.equal(errorMessage(42), '42');
  assert.equal(errorMessage(undefined), 'undefined');
});
