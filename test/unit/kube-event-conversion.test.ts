import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CoreV1Event } from '@kubernetes/client-node';
import type { FluxEvent } from '../../src/api/event.js';
import { normalizeEvent } from '../../src/pipeline/event-metadata.js';
import { rateLimitKey } from '../../src/ratelimit/rate-limit-key.js';
import { createEventValidator } from '../../src/server/event-validator.js';
import { toFluxEvent } from '../../src/sources/kube-event-conversion.js';
import {
  asListed,
  fluxKustomizationEvent,
  nodeNotReadyEvent,
  podBackOffEvent,
  podScheduledEvent,
  WEB_POD,
  withFields,
  withMetadata,
} from '../fixtures/kube-events.js';

function converted(event: CoreV1Event): FluxEvent {
  const result = toFluxEvent(event);
  assert.ok(!('skip' in result), `expected a conversion, got skip ${JSON.stringify(result)}`);
  return result;
}

function eventMetadata(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [`event.toolkit.fluxcd.io/${key}`, value]),
  );
}

const conversions: { name: string; event: () => CoreV1Event; expected: FluxEvent }[] = [
  {
    name: 'a Pod BackOff Warning with a series: error, series count and last observed time',
    event: podBackOffEvent,
    expected: {
      involvedObject: { ...WEB_POD, resourceVersion: '47950', fieldPath: 'spec.containers{web}' },
      severity: 'error',
      timestamp: '2024-05-01T10:05:31.774412Z',
      message: 'Back-off restarting failed container web in pod web-7d4b9c8f6d-x2x9q_shop',
      reason: 'BackOff',
      metadata: eventMetadata({
        count: '12',
        type: 'Warning',
        action: 'Restarting',
        resourceVersion: '48213',
        name: 'web-7d4b9c8f6d-x2x9q.17c3a1b2c3d4e5f6',
        uid: '5b1f3c7e-2f0a-4d7e-9a61-0c2d4e6f8a10',
      }),
      reportingController: 'kubelet',
      reportingInstance: 'node-1',
    },
  },
  {
    name: 'a Node NotReady: the cluster-scoped object takes the Event namespace',
    event: nodeNotReadyEvent,
    expected: {
      involvedObject: {
        kind: 'Node',
        name: 'node-2',
        namespace: 'default',
        apiVersion: 'v1',
        uid: 'node-2',
      },
      severity: 'info',
      timestamp: '2024-05-01T11:00:00.000000Z',
      message: 'Node node-2 status is now: NodeNotReady',
      reason: 'NodeNotReady',
      metadata: eventMetadata({
        count: '1',
        type: 'Normal',
        resourceVersion: '50001',
        name: 'node-2.17c3a9d0e1f2a3b4',
        uid: 'e7d6c5b4-a392-4817-8f6e-5d4c3b2a1908',
      }),
      reportingController: 'node-controller',
    },
  },
  {
    name: 'an events.k8s.io-style Event with eventTime only',
    event: podScheduledEvent,
    expected: {
      involvedObject: { ...WEB_POD, resourceVersion: '47900' },
      severity: 'info',
      timestamp: '2024-05-01T09:59:58.412345Z',
      message: 'Successfully assigned shop/web-7d4b9c8f6d-x2x9q to node-1',
      reason: 'Scheduled',
      metadata: eventMetadata({
        count: '1',
        type: 'Normal',
        action: 'Binding',
        resourceVersion: '48100',
        name: 'web-7d4b9c8f6d-x2x9q.17c3a0f1e2d3c4b5',
        uid: '0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d',
      }),
      reportingController: 'default-scheduler',
      reportingInstance: 'default-scheduler-control-plane-1',
    },
  },
  {
    name: "a Flux controller's Event keeps its annotations of the involved object's group",
    event: fluxKustomizationEvent,
    expected: {
      involvedObject: {
        kind: 'Kustomization',
        name: 'flux-system',
        namespace: 'flux-system',
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      },
      severity: 'info',
      timestamp: '2023-08-16T10:26:43.000000Z',
      message: 'Reconciliation finished in 436.493292ms, next run in 10m0s',
      reason: 'ReconciliationSucceeded',
      metadata: {
        'kustomize.toolkit.fluxcd.io/revision':
          'main@sha1:802723078affd3eb2a3898630261ab3ca5d6dd40',
        ...eventMetadata({
          count: '1',
          type: 'Normal',
          resourceVersion: '51234',
          name: 'flux-system.177bd633e296a292',
          uid: '8c1d2e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f',
        }),
      },
      reportingController: 'kustomize-controller',
    },
  },
];

for (const { name, event, expected } of conversions) {
  test(`converts ${name}`, () => {
    assert.deepEqual(converted(event()), expected);
  });

  test(`converts ${name}, as a list response hands it over, alike`, () => {
    assert.deepEqual(converted(asListed(event())), expected);
  });
}

test('every conversion passes the Event API validation and survives its clean-up unchanged', () => {
  const validate = createEventValidator();
  for (const { name, event } of conversions) {
    const result = converted(event());
    assert.deepEqual(validate(structuredClone(result)), { ok: true, event: result }, name);
    assert.deepEqual(normalizeEvent(result), result, name);
  }
});

test('occurrences of one Event share a rate-limit key, so one window sends one notification', () => {
  const first = podBackOffEvent();
  const later = withMetadata(
    withFields(first, { series: { count: 13, lastObservedTime: '2024-05-01T10:06:01.000001Z' } }),
    { resourceVersion: '48300' },
  );
  assert.equal(rateLimitKey(converted(later)), rateLimitKey(converted(first)));
});

/** Fields of a converted Event, changing wire fields of the Node NotReady Event. */
const fallbacks: {
  name: string;
  fields: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  expected: Partial<FluxEvent>;
}[] = [
  {
    name: 'source.component stands in for an empty reportingComponent',
    fields: { reportingComponent: '', source: { component: 'kubelet', host: 'node-2' } },
    expected: { reportingController: 'kubelet', reportingInstance: 'node-2' },
  },
  {
    name: '"kubernetes" stands in when no component is named',
    fields: { reportingComponent: undefined, source: undefined },
    expected: { reportingController: 'kubernetes' },
  },
  {
    name: 'a cluster-scoped object takes whichever namespace the Event is in',
    fields: {},
    metadata: { namespace: 'ops' },
    expected: {
      involvedObject: {
        kind: 'Node',
        name: 'node-2',
        namespace: 'ops',
        apiVersion: 'v1',
        uid: 'node-2',
      },
    },
  },
  {
    name: 'a type other than Warning is info',
    fields: { type: 'Critical' },
    expected: { severity: 'info' },
  },
  {
    name: 'a missing reason is Unknown, a missing message empty',
    fields: { reason: undefined, message: undefined },
    expected: { reason: 'Unknown', message: '' },
  },
  {
    name: 'lastTimestamp comes before eventTime and creationTimestamp',
    fields: { eventTime: '2024-05-01T11:00:09.000001Z', lastTimestamp: '2024-05-01T11:00:07Z' },
    expected: { timestamp: '2024-05-01T11:00:07.000000Z' },
  },
  {
    name: 'creationTimestamp is the last resort',
    fields: { lastTimestamp: null },
    metadata: { creationTimestamp: '2024-05-01T10:59:59Z' },
    expected: { timestamp: '2024-05-01T10:59:59.000000Z' },
  },
];

for (const { name, fields, metadata = {}, expected } of fallbacks) {
  test(`conversion: ${name}`, () => {
    const result = converted(withMetadata(withFields(nodeNotReadyEvent(), fields), metadata));
    assert.deepEqual(
      Object.fromEntries(Object.keys(expected).map((key) => [key, result[key as keyof FluxEvent]])),
      expected,
    );
  });
}

test('a message is cut to 39,000 characters, counted as code points, never mid-character', () => {
  const cases: { message: string; expectedLength: number }[] = [
    { message: 'x'.repeat(39_001), expectedLength: 39_000 },
    { message: 'x'.repeat(39_000), expectedLength: 39_000 },
    { message: '🚨'.repeat(39_000), expectedLength: 39_000 },
    { message: '🚨'.repeat(39_001), expectedLength: 39_000 },
  ];
  for (const { message, expectedLength } of cases) {
    const result = converted(withFields(podBackOffEvent(), { message })).message;
    assert.equal(Array.from(result).length, expectedLength);
    assert.ok(message.startsWith(result));
    assert.ok(!/[\uD800-\uDBFF]$/.test(result), 'no lone high surrogate at the end');
  }
});

const skips: { name: string; event: CoreV1Event; reason: string }[] = [
  {
    name: 'no involved object kind',
    event: withFields(podBackOffEvent(), { involvedObject: { name: 'web-7d4b9c8f6d-x2x9q' } }),
    reason: 'involved-object-incomplete',
  },
  {
    name: 'an empty involved object name',
    event: withFields(podBackOffEvent(), { involvedObject: { kind: 'Pod', name: '' } }),
    reason: 'involved-object-incomplete',
  },
  {
    name: 'no readable time at all',
    event: withMetadata(withFields(podBackOffEvent(), { series: undefined, eventTime: null }), {
      creationTimestamp: undefined,
    }),
    reason: 'no-time',
  },
];

for (const { name, event, reason } of skips) {
  test(`skips an Event with ${name}`, () => {
    assert.deepEqual(toFluxEvent(event), { skip: reason });
  });
}
