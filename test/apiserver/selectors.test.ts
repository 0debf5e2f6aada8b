import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors.js';
import { ApiError } from './status-errors.js';

const labels = { app: 'web', tier: 'front', version: '3' };

const labelCases: [string, boolean][] = [
  ['', true],
  ['app=web', true],
  ['app==web', true],
  ['app!=web', false],
  ['missing!=x', true],
  ['app in (web,api)', true],
  ['app notin (web,api)', false],
  ['missing notin (a)', true],
  ['missing in (a)', false],
  ['tier', true],
  ['!tier', false],
  ['!missing', true],
  ['app=web,tier=back', false],
  ['app=web, tier in (front)', true],
  ['version>2', true],
  ['version<3', false],
  ['empty=', false],
];

for (const [selector, expected] of labelCases) {
  test(`label selector "${selector}" ${expected ? 'matches' : 'does not match'}`, () => {
    assert.equal(matchesLabels(parseLabelSelector(selector), labels), expected);
  });
}

test('a malformed label selector is a 400 BadRequest', () => {
  for (const bad of ['app in web', 'app=(x', '=x', 'a b']) {
    assert.throws(
      () => parseLabelSelector(bad),
      (e: unknown) => e instanceof ApiError && e.code === 'APISERVER_BAD_REQUEST',
      bad,
    );
  }
});

test('field selectors support =, == and != with escaped commas', () => {
  const fields = { 'metadata.name': 'a,b', 'involvedObject.kind': 'Widget' };
  assert.equal(matchesFields(parseFieldSelector('metadata.name=a\\,b'), fields), true);
  assert.equal(
    matchesFields(parseFieldSelector('involvedObject.kind==Widget,metadata.name!=x'), fields),
    true,
  );
  assert.equal(matchesFields(parseFieldSelector('involvedObject.kind!=Widget'), fields), false);
  assert.throws(() => parseFieldSelector('nonsense'), ApiError);
});
