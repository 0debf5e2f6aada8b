import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LokiEntry } from '../../src/notifiers/loki-entry.js';
import { lokiPushOutcomes } from '../../src/notifiers/loki-push-outcome.js';
import { parseLokiRejections } from '../../src/notifiers/loki-rejection.js';

const ns = (rfc3339: string, extraNanos = 0n) =>
  BigInt(Date.parse(rfc3339)) * 1_000_000n + extraNanos;

const HERALD =
  '{instance="kustomize-controller", job="herald", namespace="apps", service_name="herald", severity="info"}';

test("Loki 3's grouped validation errors: every refused entry of the push, to the second", () => {
  const body =
    `2 errors like: entry for stream '${HERALD}' has timestamp too old: 2024-04-01T08:00:00Z, oldest acceptable timestamp is: 2024-05-01T00:00:00Z; ` +
    `1 errors like: entry for stream '{job="herald", namespace="db"}' has timestamp too new: 2024-06-01T00:00:00Z\n`;
  const answer = parseLokiRejections(body);
  assert.ok(answer);
  assert.equal(answer.covers, 'push');
  assert.deepEqual(
    answer.rejections.map((r) => [
      Object.fromEntries(r.labels),
      r.timeNs,
      r.precision,
      r.refusal,
      r.count,
    ]),
    [
      [
        {
          instance: 'kustomize-controller',
          job: 'herald',
          namespace: 'apps',
          service_name: 'herald',
          severity: 'info',
        },
        ns('2024-04-01T08:00:00Z'),
        'second',
        { kind: 'too-old', oldestAcceptableNs: ns('2024-05-01T00:00:00Z') },
        2,
      ],
      [
        { job: 'herald', namespace: 'db' },
        ns('2024-06-01T00:00:00Z'),
        'second',
        { kind: 'too-new' },
        1,
      ],
    ],
  );
});

test('one refusal alone carries no count; older Loki printed exact times with a zone', () => {
  const answer = parseLokiRejections(
    `entry for stream '{foo="bar"}' has timestamp too old: 2021-12-28 02:07:53.5 +0100 CET, oldest acceptable timestamp is: 2021-12-29 10:07:53.205042134 +0100 CET`,
  );
  assert.deepEqual(answer?.rejections, [
    {
      labels: new Map([['foo', 'bar']]),
      timeNs: ns('2021-12-28T01:07:53Z', 500_000_000n),
      precision: 'nanosecond',
      refusal: { kind: 'too-old', oldestAcceptableNs: ns('2021-12-29T09:07:53Z', 205_042_134n) },
      count: 1,
    },
  ]);
});

test("an ingester's lines (Loki 2): one stream, complete when the total matches the lines", () => {
  const answer = parseLokiRejections(
    [
      `entry with timestamp 2024-05-01 12:00:00.000000001 +0000 UTC ignored, reason: 'entry out of order' for stream: {job="herald"},`,
      `entry with timestamp 2024-05-01 12:00:02 +0000 UTC ignored, reason: 'entry out of order' for stream: {job="herald"},`,
      'total ignored: 2 out of 3',
    ].join('\n'),
  );
  assert.ok(answer);
  assert.deepEqual(answer.covers, { stream: new Map([['job', 'herald']]), complete: true });
  assert.deepEqual(
    answer.rejections.map((r) => [r.timeNs, r.precision, r.refusal]),
    [
      [
        ns('2024-05-01T12:00:00Z', 1n),
        'nanosecond',
        { kind: 'ingester', reason: 'entry out of order' },
      ],
      [
        ns('2024-05-01T12:00:02Z'),
        'nanosecond',
        { kind: 'ingester', reason: 'entry out of order' },
      ],
    ],
  );
});

test("an ingester's lines (Loki 3) name the stream at the end; a truncated list is incomplete", () => {
  const answer = parseLokiRejections(
    [
      "entry with timestamp 2024-05-01 12:00:00 +0000 UTC ignored, reason: 'entry too far behind, entry timestamp is: 2024-05-01T12:00:00Z, oldest acceptable timestamp is: 2024-05-01T13:00:00Z',",
      `user 'fake', total ignored: 12 out of 20 for stream: {job="herald", namespace="apps"}`,
    ].join('\n'),
  );
  assert.ok(answer);
  assert.deepEqual(answer.covers, {
    stream: new Map([
      ['job', 'herald'],
      ['namespace', 'apps'],
    ]),
    complete: false,
  });
  assert.deepEqual(answer.rejections[0]?.refusal, {
    kind: 'ingester',
    reason:
      'entry too far behind, entry timestamp is: 2024-05-01T12:00:00Z, oldest acceptable timestamp is: 2024-05-01T13:00:00Z',
  });
});

test('label values are read as Go quotes them', () => {
  const answer = parseLokiRejections(
    `entry for stream '{a="say \\"hi\\"; it's}", b="back\\\\slash \\u00e9\\xc3\\xa9 \\t"}' has timestamp too new: 2024-06-01T00:00:00Z`,
  );
  assert.deepEqual(Object.fromEntries(answer?.rejections[0]?.labels ?? []), {
    a: `say "hi"; it's}`,
    b: 'back\\slash éé \t',
  });
});

test('anything else is not read as a partial refusal', () => {
  for (const body of [
    '',
    'entry too far behind for stream; auth pw-secret',
    'Ingestion rate limit exceeded for user fake (limit: 4194304 bytes/sec)',
    `entry for stream '{job="herald"}' has timestamp too old: yesterday`,
    `entry for stream '{job="herald"}' has timestamp too new: 2024-06-01T00:00:00Z; and more`,
    `entry for stream '{job=herald}' has timestamp too new: 2024-06-01T00:00:00Z`,
    `entry for stream '{job="\\x4"}' has timestamp too new: 2024-06-01T00:00:00Z`,
    `entry for stream '{job="\\U0011ffff"}' has timestamp too new: 2024-06-01T00:00:00Z`,
    "entry with timestamp 2024-05-01 12:00:00 +0000 UTC ignored, reason: 'entry out of order',\ntotal ignored: 1 out of 1",
  ]) {
    assert.equal(parseLokiRejections(body), undefined, body);
  }
});

function entry(labels: Record<string, string>, time: string, extraNanos = 0n): LokiEntry {
  return { labels, timestampNs: ns(time, extraNanos).toString(), line: 'msg="x" ' };
}

const APPS = { namespace: 'apps', job: 'herald', severity: 'info' };

/** What `lokiPushOutcomes` makes of Loki answering `body` to a push of `entries`. */
function outcomeKinds(entries: readonly LokiEntry[], body: string) {
  const answer = parseLokiRejections(body);
  assert.ok(answer, body);
  return lokiPushOutcomes(entries, answer)?.map((outcome) => outcome.kind);
}

test('named entries are refused and the rest stored, even with labels Loki added', () => {
  const entries = [
    entry(APPS, '2024-04-01T08:00:00Z', 250n),
    entry(APPS, '2024-05-01T12:00:00Z'),
    entry({ ...APPS, instance: 'node-1' }, '2024-04-01T08:00:00Z'),
  ];
  const answer = parseLokiRejections(
    `entry for stream '{job="herald", namespace="apps", service_name="herald", severity="info"}' has timestamp too new: 2024-04-01T08:00:00Z`,
  );
  assert.ok(answer);
  // The third entry's stream has a label Loki did not print: it is another stream.
  assert.deepEqual(
    lokiPushOutcomes(entries, answer)?.map((outcome) => outcome.kind),
    ['refused', 'stored', 'stored'],
  );
});

test('of two streams that both fit the labels Loki printed, the one with more labels is meant', () => {
  const entries = [
    entry({ job: 'herald', namespace: 'apps' }, '2024-06-01T00:00:00Z'),
    entry({ job: 'herald', namespace: 'apps', instance: 'x' }, '2024-06-01T00:00:00Z'),
  ];
  assert.deepEqual(
    outcomeKinds(
      entries,
      `entry for stream '{instance="x", job="herald", namespace="apps", service_name="herald"}' has timestamp too new: 2024-06-01T00:00:00Z`,
    ),
    ['stored', 'refused'],
  );
});

test('entries Loki cannot tell apart to the second are all reported refused', () => {
  const entries = [entry(APPS, '2024-06-01T00:00:00.2Z'), entry(APPS, '2024-06-01T00:00:00.7Z')];
  assert.deepEqual(
    outcomeKinds(
      entries,
      `entry for stream '{job="herald", namespace="apps", severity="info"}' has timestamp too new: 2024-06-01T00:00:00Z`,
    ),
    ['refused', 'refused'],
  );
});

test("everything older than Loki's oldest acceptable time is refused, named or not", () => {
  const entries = [
    entry(APPS, '2024-04-01T08:00:00Z'),
    entry({ ...APPS, namespace: 'db' }, '2024-03-01T08:00:00Z'),
    entry(APPS, '2024-05-02T00:00:00Z'),
  ];
  // Loki 2 named only the last entry it refused.
  assert.deepEqual(
    outcomeKinds(
      entries,
      `entry for stream '{job="herald", namespace="apps", severity="info"}' has timestamp too old: 2024-04-01T08:00:00Z, oldest acceptable timestamp is: 2024-05-01T00:00:00Z`,
    ),
    ['refused', 'refused', 'stored'],
  );
});

test('an answer that fits no entry of the push, or counts more than fit, tells nothing', () => {
  const entries = [entry(APPS, '2024-06-01T00:00:00Z')];
  for (const body of [
    `entry for stream '{job="other"}' has timestamp too new: 2024-06-01T00:00:00Z`,
    `entry for stream '{job="herald", namespace="apps", severity="info"}' has timestamp too new: 2024-06-01T00:00:01Z`,
    `2 errors like: entry for stream '{job="herald", namespace="apps", severity="info"}' has timestamp too new: 2024-06-01T00:00:00Z`,
  ]) {
    assert.equal(outcomeKinds(entries, body), undefined, body);
  }
});

test("an ingester's answer: its stream's unnamed entries stored when complete, other streams unknown", () => {
  const entries = [
    entry(APPS, '2024-05-01T12:00:00Z', 1n),
    entry(APPS, '2024-05-01T12:00:05Z'),
    entry({ ...APPS, namespace: 'db' }, '2024-05-01T12:00:00Z'),
  ];
  const lines = (total: string) =>
    [
      "entry with timestamp 2024-05-01 12:00:00.000000001 +0000 UTC ignored, reason: 'entry out of order',",
      `user 'fake', total ignored: ${total} for stream: {job="herald", namespace="apps", severity="info"}`,
    ].join('\n');
  assert.deepEqual(outcomeKinds(entries, lines('1 out of 2')), ['refused', 'stored', 'unknown']);
  assert.deepEqual(outcomeKinds(entries, lines('2 out of 2')), ['refused', 'unknown', 'unknown']);
});
