import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CoreV1Event } from '@kubernetes/client-node';
import { FLUX_CONTROLLERS, isFluxControllerEvent } from '../../src/sources/flux-controllers.js';
import {
  fluxKustomizationEvent,
  nodeNotReadyEvent,
  podBackOffEvent,
  withFields,
} from '../fixtures/kube-events.js';

const cases: {
  name: string;
  event: CoreV1Event;
  skipList?: ReadonlySet<string>;
  skipped: boolean;
}[] = [
  { name: "kustomize-controller's Event", event: fluxKustomizationEvent(), skipped: true },
  {
    name: 'a Flux Event named by source.component only (older client-go)',
    event: withFields(fluxKustomizationEvent(), { reportingComponent: '' }),
    skipped: true,
  },
  {
    name: 'a Flux Event named by reportingComponent only',
    event: withFields(fluxKustomizationEvent(), {
      source: {},
      reportingComponent: 'helm-controller',
    }),
    skipped: true,
  },
  {
    name: 'source-watcher (Flux 2.7)',
    event: withFields(podBackOffEvent(), {
      reportingComponent: 'source-watcher',
      source: undefined,
    }),
    skipped: true,
  },
  { name: "kubelet's Event", event: podBackOffEvent(), skipped: false },
  { name: "the node controller's Event", event: nodeNotReadyEvent(), skipped: false },
  {
    name: 'a name that only looks alike',
    event: withFields(podBackOffEvent(), { reportingComponent: 'Kustomize-Controller' }),
    skipped: false,
  },
  {
    name: 'a Flux Event when the skip list is empty',
    event: fluxKustomizationEvent(),
    skipList: new Set(),
    skipped: false,
  },
  {
    name: 'an Event of a controller added to the skip list',
    event: podBackOffEvent(),
    skipList: new Set([...FLUX_CONTROLLERS, 'kubelet']),
    skipped: true,
  },
];

for (const { name, event, skipList, skipped } of cases) {
  test(`${skipped ? 'skips' : 'keeps'} ${name}`, () => {
    assert.equal(isFluxControllerEvent(event, skipList), skipped);
  });
}

test("the default list names Flux 2.7's seven controllers", () => {
  assert.deepEqual([...FLUX_CONTROLLERS].sort(), [
    'helm-controller',
    'image-automation-controller',
    'image-reflector-controller',
    'kustomize-controller',
    'notification-controller',
    'source-controller',
    'source-watcher',
  ]);
});
