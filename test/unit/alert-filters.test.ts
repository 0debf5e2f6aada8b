import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAlertFilters } from '../../src/api/alert-filters.js';
import { alert } from '../support/api-objects.js';

test('filters compile once and match anywhere in the message, as Go regexp does', () => {
  const result = compileAlertFilters(
    alert('a', {
      inclusionList: ['.*succeeded.*', '(?i)HEALTH'],
      exclusionList: ['waiting.*socket'],
    }).spec,
  );
  assert.ok(result.ok);
  const [succeeded, health] = result.filters.inclusion;
  assert.ok(succeeded?.test('Helm upgrade succeeded'));
  assert.ok(health?.test('health check passed'));
  assert.ok(result.filters.exclusion[0]?.test('error: Error waiting on socket'));
});

test('every expression that does not compile is reported with its field', () => {
  const result = compileAlertFilters(
    alert('a', { inclusionList: ['a(', 'ok'], exclusionList: ['[z-a]'] }).spec,
  );
  assert.ok(!result.ok);
  assert.deepEqual(
    result.problems.map((problem) => problem.field),
    ['spec.inclusionList[0]', 'spec.exclusionList[0]'],
  );
});

test('no lists, no filters', () => {
  assert.deepEqual(compileAlertFilters(alert('a').spec), {
    ok: true,
    filters: { inclusion: [], exclusion: [] },
  });
});
