import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEventValidator, type FieldProblem } from '../../src/server/event-validator.js';
import { seedEvent } from '../fixtures/seed-event.js';

const validate = createEventValidator();

function problemsOf(body: unknown): FieldProblem[] {
  const result = validate(body);
  assert.ok(!result.ok, 'expected the body to be refused');
  return result.problems;
}

test('the seed event is valid', () => {
  assert.equal(validate(seedEvent()).ok, true);
});

test('a missing field is named by its own pointer, not its parent', () => {
  const event = seedEvent() as unknown as { involvedObject: Record<string, unknown> };
  delete event.involvedObject.name;
  assert.deepEqual(problemsOf(event), [{ field: '/involvedObject/name', message: 'is required' }]);
});

test('every offending field is reported', () => {
  const body = {
    ...seedEvent(),
    severity: 'warning',
    timestamp: 'yesterday',
    message: 'x'.repeat(39_001),
    reportingController: '',
    metadata: { 'kustomize.toolkit.fluxcd.io/revision': 42 },
  };
  assert.deepEqual(
    problemsOf(body)
      .map((problem) => problem.field)
      .sort(),
    [
      '/message',
      '/metadata/kustomize.toolkit.fluxcd.io~1revision',
      '/reportingController',
      '/severity',
      '/timestamp',
    ],
  );
});

test('each required top-level field is named when absent', () => {
  assert.deepEqual(
    problemsOf({}).map((problem) => problem.field),
    ['/involvedObject', '/severity', '/timestamp', '/message', '/reason', '/reportingController'],
  );
});

test('a message of exactly 39,000 characters is valid', () => {
  assert.equal(validate({ ...seedEvent(), message: 'x'.repeat(39_000) }).ok, true);
});

test('a body that is not an object is refused at the root', () => {
  assert.deepEqual(problemsOf([]), [{ field: '/', message: 'must be object' }]);
});
