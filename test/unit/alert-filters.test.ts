import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileAlertFilters, createFilterCompiler } from '../../src/api/alert-filters.js';
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

test('reason lists become sets; empty lists filter nothing', () => {
  const result = compileAlertFilters(
    alert('a', { inclusionReasons: ['HealthCheckFailed'], exclusionReasons: [] }).spec,
  );
  assert.ok(result.ok);
  assert.deepEqual(result.filters.includedReasons, new Set(['HealthCheckFailed']));
  assert.equal(result.filters.excludedReasons, undefined);
});

test('a filter compiler compiles each expression once and answers as compileAlertFilters', () => {
  const compile = createFilterCompiler();
  const first = compile(alert('a', { inclusionList: ['deploy.*ok'], exclusionList: ['a('] }).spec);
  const second = compile(
    alert('b', { exclusionList: ['x', 'a('], inclusionList: ['deploy.*ok'] }).spec,
  );
  const reference = compileAlertFilters(
    alert('b', { exclusionList: ['x', 'a('], inclusionList: ['deploy.*ok'] }).spec,
  );
  // A remembered syntax error is reported for each Alert, at that Alert's own field.
  assert.ok(!first.ok && !second.ok && !reference.ok);
  assert.deepEqual(
    first.problems.map((problem) => problem.field),
    ['spec.exclusionList[0]'],
  );
  assert.deepEqual(second.problems, reference.problems);

  const valid = compile(alert('c', { inclusionList: ['deploy.*ok'] }).spec);
  const again = compile(alert('d', { inclusionList: ['deploy.*ok'] }).spec);
  assert.ok(valid.ok && again.ok);
  assert.equal(valid.filters.inclusion[0], again.filters.inclusion[0]);
  assert.ok(valid.filters.inclusion[0]?.test('deploy of web ok'));
});

test('past its bound the compiler compiles again rather than growing', () => {
  const compile = createFilterCompiler(2);
  const filtersOf = (expression: string) => {
    const result = compile(alert('a', { inclusionList: [expression] }).spec);
    assert.ok(result.ok);
    return result.filters.inclusion[0];
  };
  const kept = filtersOf('one');
  filtersOf('two');
  filtersOf('three');
  assert.notEqual(filtersOf('one'), kept);
});
