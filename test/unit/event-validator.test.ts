import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEventValidator, type FieldProblem } from '../../src/server/event-validator.js';
import type { FluxEvent } from '../../src/api/event.js';
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

/** Each string field, a value at its limit (valid) and one character over (refused). */
const LIMITED_FIELDS: [string, (event: FluxEvent, value: string) => void, number][] = [
  ['/involvedObject/kind', (event, value) => (event.involvedObject.kind = value), 63],
  ['/involvedObject/name', (event, value) => (event.involvedObject.name = value), 253],
  ['/involvedObject/namespace', (event, value) => (event.involvedObject.namespace = value), 63],
  ['/involvedObject/apiVersion', (event, value) => (event.involvedObject.apiVersion = value), 317],
  ['/involvedObject/uid', (event, value) => (event.involvedObject.uid = value), 128],
  [
    '/involvedObject/resourceVersion',
    (event, value) => (event.involvedObject.resourceVersion = value),
    128,
  ],
  ['/involvedObject/fieldPath', (event, value) => (event.involvedObject.fieldPath = value), 1024],
  ['/reason', (event, value) => (event.reason = value), 128],
  ['/message', (event, value) => (event.message = value), 39_000],
  ['/reportingController', (event, value) => (event.reportingController = value), 317],
  ['/reportingInstance', (event, value) => (event.reportingInstance = value), 128],
  [
    '/metadata/event.toolkit.fluxcd.io~1note',
    (event, value) => (event.metadata = { 'event.toolkit.fluxcd.io/note': value }),
    4096,
  ],
];

for (const [field, set, limit] of LIMITED_FIELDS) {
  test(`${field} is valid up to ${String(limit)} characters and refused past them`, () => {
    const atLimit = seedEvent();
    set(atLimit, 'x'.repeat(limit));
    assert.equal(validate(atLimit).ok, true);
    const over = seedEvent();
    set(over, 'x'.repeat(limit + 1));
    assert.deepEqual(problemsOf(over), [
      { field, message: `must be at most ${String(limit)} characters` },
    ]);
  });
}

test('a metadata key is valid up to 317 characters; a longer one is named by its pointer', () => {
  assert.equal(validate({ ...seedEvent(), metadata: { ['k'.repeat(317)]: 'v' } }).ok, true);
  const name = 'k'.repeat(300);
  assert.deepEqual(
    problemsOf({ ...seedEvent(), metadata: { [`event.toolkit.fluxcd.io/${name}`]: 'v' } }),
    [
      {
        field: `/metadata/event.toolkit.fluxcd.io~1${name}`,
        message: 'key must be at most 317 characters',
      },
    ],
  );
});

test('metadata keys and values together are valid up to 64 KiB and refused past it', () => {
  const metadata = (total: number): Record<string, string> => {
    const entries: Record<string, string> = {};
    // Sixteen keys `k00`…`k15` and values that make up the rest.
    for (let index = 0; index < 16; index++) {
      const key = `k${String(index).padStart(2, '0')}`;
      entries[key] = 'x'.repeat(total / 16 - key.length);
    }
    return entries;
  };
  assert.equal(validate({ ...seedEvent(), metadata: metadata(65_536) }).ok, true);
  assert.deepEqual(problemsOf({ ...seedEvent(), metadata: metadata(65_536 + 16) }), [
    { field: '/metadata', message: 'keys and values together must be at most 65536 characters' },
  ]);
});

test('reportingController, sent as a header, must be printable ASCII', () => {
  assert.equal(
    validate({ ...seedEvent(), reportingController: 'Custom Controller/v1 ~x' }).ok,
    true,
  );
  for (const reportingController of [
    'kustomize\r\ncontroller',
    'a\tb',
    'nul\u0000',
    'del\u007f',
    'contrôleur',
    'ctl ✓',
  ]) {
    assert.deepEqual(
      problemsOf({ ...seedEvent(), reportingController }),
      [
        {
          field: '/reportingController',
          message:
            'must be printable ASCII without control characters: it is sent as the gotk-component header',
        },
      ],
      JSON.stringify(reportingController),
    );
  }
});

test('characters are code points: a message of 39,000 emoji is valid, one more is not', () => {
  assert.equal(validate({ ...seedEvent(), message: '🚀'.repeat(39_000) }).ok, true);
  assert.deepEqual(problemsOf({ ...seedEvent(), message: '🚀'.repeat(39_001) }), [
    { field: '/message', message: 'must be at most 39000 characters' },
  ]);
});
