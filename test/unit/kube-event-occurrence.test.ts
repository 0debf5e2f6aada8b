import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CoreV1Event } from '@kubernetes/client-node';
import {
  detectOccurrence,
  occurrenceId,
  occurrenceMark,
  occurrenceOf,
  type OccurrenceMark,
  type WatchPhase,
} from '../../src/sources/kube-event-occurrence.js';
import {
  asListed,
  nodeNotReadyEvent,
  podBackOffEvent,
  podScheduledEvent,
  withFields,
  withMetadata,
} from '../fixtures/kube-events.js';

const node = nodeNotReadyEvent();
const nodeSeen = occurrenceMark(node);
const backOffSeen = occurrenceMark(podBackOffEvent());

const decisions: {
  name: string;
  phase: WatchPhase;
  previous: OccurrenceMark | undefined;
  current: CoreV1Event;
  isNew: boolean;
}[] = [
  { name: 'ADDED, never seen', phase: 'ADDED', previous: undefined, current: node, isNew: true },
  {
    name: 'ADDED again in the very same state (a replayed watch)',
    phase: 'ADDED',
    previous: nodeSeen,
    current: node,
    isNew: false,
  },
  {
    name: 'MODIFIED with a count bump and a new lastTimestamp',
    phase: 'MODIFIED',
    previous: nodeSeen,
    current: withMetadata(withFields(node, { count: 2, lastTimestamp: '2024-05-01T11:00:30Z' }), {
      resourceVersion: '50007',
    }),
    isNew: true,
  },
  {
    name: 'MODIFIED with a series count bump',
    phase: 'MODIFIED',
    previous: backOffSeen,
    current: withFields(podBackOffEvent(), {
      series: { count: 13, lastObservedTime: '2024-05-01T10:05:31.774412Z' },
    }),
    isNew: true,
  },
  {
    name: 'MODIFIED with a new series time only',
    phase: 'MODIFIED',
    previous: backOffSeen,
    current: withFields(podBackOffEvent(), {
      series: { count: 12, lastObservedTime: '2024-05-01T10:35:31.000001Z' },
    }),
    isNew: true,
  },
  {
    name: 'MODIFIED unchanged (a resync)',
    phase: 'MODIFIED',
    previous: nodeSeen,
    current: node,
    isNew: false,
  },
  {
    name: 'MODIFIED unchanged, seen through a list response',
    phase: 'MODIFIED',
    previous: nodeSeen,
    current: asListed(node),
    isNew: false,
  },
  {
    name: 'MODIFIED in other fields only (an annotation, the resourceVersion)',
    phase: 'MODIFIED',
    previous: nodeSeen,
    current: withMetadata(node, { annotations: { note: 'x' }, resourceVersion: '50009' }),
    isNew: false,
  },
  {
    name: 'MODIFIED of an Event not seen before (it predates a restart)',
    phase: 'MODIFIED',
    previous: undefined,
    current: node,
    isNew: true,
  },
  {
    name: 'DELETED (TTL expiry)',
    phase: 'DELETED',
    previous: nodeSeen,
    current: node,
    isNew: false,
  },
];

for (const { name, phase, previous, current, isNew } of decisions) {
  test(`occurrence: ${name} → ${isNew ? 'new' : 'not new'}`, () => {
    const decision = detectOccurrence(phase, previous, current);
    assert.equal(decision.isNew, isNew);
    assert.deepEqual(decision.mark, phase === 'DELETED' ? undefined : occurrenceMark(current));
  });
}

test('a mark holds the count, the series count and the effective time', () => {
  assert.deepEqual(backOffSeen, {
    count: undefined,
    seriesCount: 12,
    time: '2024-05-01T10:05:31.774412Z',
  });
});

const ids: { name: string; event: CoreV1Event; expected: string }[] = [
  {
    name: 'core/v1 count',
    event: nodeNotReadyEvent(),
    expected: 'e7d6c5b4-a392-4817-8f6e-5d4c3b2a1908/1',
  },
  {
    name: 'series count',
    event: podBackOffEvent(),
    expected: '5b1f3c7e-2f0a-4d7e-9a61-0c2d4e6f8a10/12',
  },
  {
    name: 'series count over a stale count',
    event: withFields(podBackOffEvent(), { count: 3 }),
    expected: '5b1f3c7e-2f0a-4d7e-9a61-0c2d4e6f8a10/12',
  },
  {
    name: 'no count at all (a singleton)',
    event: podScheduledEvent(),
    expected: '0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d/1',
  },
  {
    name: 'count 0 (events.k8s.io through core/v1)',
    event: withFields(podScheduledEvent(), { count: 0 }),
    expected: '0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d/1',
  },
  {
    name: 'no uid: namespace and name',
    event: withMetadata(nodeNotReadyEvent(), { uid: undefined }),
    expected: 'default/node-2.17c3a9d0e1f2a3b4/1',
  },
];

for (const { name, event, expected } of ids) {
  test(`occurrenceId: ${name}`, () => {
    assert.equal(occurrenceId(event), expected);
  });
}

test('occurrenceOf: id, effective time and the Event resourceVersion, for the checkpoint', () => {
  assert.deepEqual(occurrenceOf(podBackOffEvent()), {
    id: '5b1f3c7e-2f0a-4d7e-9a61-0c2d4e6f8a10/12',
    time: '2024-05-01T10:05:31.774412Z',
    resourceVersion: '48213',
  });
  const noTime = withMetadata(withFields(podScheduledEvent(), { eventTime: null }), {
    creationTimestamp: undefined,
  });
  assert.equal(occurrenceOf(noTime), undefined);
});
