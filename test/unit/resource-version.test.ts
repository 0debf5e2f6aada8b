import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareResourceVersions } from '../../src/sources/resource-version.js';

const comparisons: {
  a: string | undefined;
  b: string | undefined;
  expected: number | undefined;
}[] = [
  { a: '9', b: '10', expected: -1 },
  { a: '48213', b: '48213', expected: 0 },
  { a: '100000000000000000001', b: '100000000000000000000', expected: 1 },
  { a: '99', b: '100', expected: -1 },
  // Not comparable (KEP-5504): zero, leading zeros, non-digits, empty, absent.
  { a: '0', b: '10', expected: undefined },
  { a: '010', b: '10', expected: undefined },
  { a: 'abc', b: '10', expected: undefined },
  { a: '10', b: '', expected: undefined },
  { a: '10', b: undefined, expected: undefined },
];

for (const { a, b, expected } of comparisons) {
  test(`compareResourceVersions(${String(a)}, ${String(b)}) has the sign of ${String(expected)}`, () => {
    const order = compareResourceVersions(a, b);
    assert.equal(order === undefined ? undefined : Math.sign(order), expected);
  });
}
