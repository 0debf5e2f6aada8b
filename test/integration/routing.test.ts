import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { FluxEvent } from '../../src/api/event.js';
import { startHerald } from '../../src/herald.js';
import { startLocalMode } from '../../src/local/local-mode.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { post } from '../support/event-api-harness.js';
import { testConfig } from '../support/herald-harness.js';
import { captureLogs } from '../support/log-capture.js';
import { waitFor } from '../support/wait-for.js';
import { createManualClock } from '../support/manual-clock.js';

/**
 * Flux's routing table, end to end: each case has its own namespace, Provider (a path on one
 * capture server) and Alert; its event is POSTed to the Event API; the case says whether the
 * event must reach its Provider.
 */
interface RoutingCase {
  name: string;
  /** The Alert's spec beyond providerRef, as YAML flow text. */
  alert: string;
  provider?: string;
  event: Partial<FluxEvent> & { object?: Partial<FluxEvent['involvedObject']> };
  forwarded: boolean;
}

const CASES: RoutingCase[] = [
  {
    name: 'kind',
    alert: 'eventSources: [{kind: Kustomization, name: "*"}]',
    event: {},
    forwarded: true,
  },
  {
    name: 'other-kind',
    alert: 'eventSources: [{kind: HelmRelease, name: "*"}]',
    event: {},
    forwarded: false,
  },
  {
    name: 'name',
    alert: 'eventSources: [{kind: Kustomization, name: webapp}]',
    event: {},
    forwarded: true,
  },
  {
    name: 'other-name',
    alert: 'eventSources: [{kind: Kustomization, name: backend}]',
    event: {},
    forwarded: false,
  },
  {
    name: 'star',
    alert: 'eventSources: [{kind: Kustomization, name: "*"}]',
    event: { object: { name: 'anything' } },
    forwarded: true,
  },
  {
    name: 'other-namespace',
    alert: 'eventSources: [{kind: Kustomization, name: "*"}]',
    event: { object: { namespace: 'elsewhere' } },
    forwarded: false,
  },
  {
    name: 'source-namespace',
    alert: 'eventSources: [{kind: Kustomization, name: "*", namespace: shared}]',
    event: { object: { namespace: 'shared' } },
    forwarded: true,
  },
  {
    name: 'included',
    alert:
      'eventSources: [{kind: Kustomization, name: "*"}], inclusionList: ["^Health check failed"]',
    event: { message: 'Health check failed after 2m' },
    forwarded: true,
  },
  {
    name: 'not-included',
    alert:
      'eventSources: [{kind: Kustomization, name: "*"}], inclusionList: ["^Health check failed"]',
    event: { message: 'Reconciliation finished' },
    forwarded: false,
  },
  {
    name: 'excluded',
    alert: 'eventSources: [{kind: Kustomization, name: "*"}], exclusionList: ["finished"]',
    event: { message: 'Reconciliation finished' },
    forwarded: false,
  },
  {
    name: 'included-then-excluded',
    alert:
      'eventSources: [{kind: Kustomization, name: "*"}], inclusionList: ["Reconciliation"], exclusionList: ["finished"]',
    event: { message: 'Reconciliation finished' },
    forwarded: false,
  },
  {
    name: 'included-not-excluded',
    alert:
      'eventSources: [{kind: Kustomization, name: "*"}], inclusionList: ["Reconciliation"], exclusionList: ["^error"]',
    event: { message: 'Reconciliation finished' },
    forwarded: true,
  },
  {
    name: 'error-alert-info-event',
    alert: 'eventSeverity: error, eventSources: [{kind: Kustomization, name: "*"}]',
    event: { severity: 'info' },
    forwarded: false,
  },
  {
    name: 'error-alert-error-event',
    alert: 'eventSeverity: error, eventSources: [{kind: Kustomization, name: "*"}]',
    event: { severity: 'error' },
    forwarded: true,
  },
  {
    name: 'info-alert-error-event',
    alert: 'eventSeverity: info, eventSources: [{kind: Kustomization, name: "*"}]',
    event: { severity: 'error' },
    forwarded: true,
  },
  {
    name: 'suspended-alert',
    alert: 'suspend: true, eventSources: [{kind: Kustomization, name: "*"}]',
    event: {},
    forwarded: false,
  },
  {
    name: 'suspended-provider',
    alert: 'eventSources: [{kind: Kustomization, name: "*"}]',
    provider: 'suspend: true',
    event: {},
    forwarded: false,
  },
];

function manifestsFor(cases: RoutingCase[], receiver: CaptureServer): string {
  return cases
    .map((c) => {
      const provider = `{type: generic, address: "${receiver.url}/${c.name}"${c.provider === undefined ? '' : `, ${c.provider}`}}`;
      return [
        `apiVersion: notification.toolkit.fluxcd.io/v1beta3`,
        `kind: Provider`,
        `metadata: {name: hook, namespace: ${c.name}}`,
        `spec: ${provider}`,
        `---`,
        `apiVersion: notification.toolkit.fluxcd.io/v1beta3`,
        `kind: Alert`,
        `metadata: {name: alert, namespace: ${c.name}}`,
        `spec: {providerRef: {name: hook}, ${c.alert}}`,
      ].join('\n');
    })
    .join('\n---\n');
}

function eventFor(c: RoutingCase): FluxEvent {
  const { object, ...rest } = c.event;
  return {
    involvedObject: {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      name: 'webapp',
      namespace: c.name,
      ...object,
    },
    severity: 'info',
    timestamp: '2026-01-01T00:00:00Z',
    message: `event for ${c.name}`,
    reason: 'Progressing',
    reportingController: 'kustomize-controller',
    ...rest,
  };
}

/** What `GET /status` says of each object. */
interface ObjectStatus {
  kind: string;
  namespace: string;
  name: string;
  ready: boolean;
  reason: string;
  message: string;
}

async function runTable(
  cases: RoutingCase[],
  flags: string[],
  checkStatus?: (objects: ObjectStatus[]) => void,
): Promise<void> {
  const receiver = await startCaptureServer();
  const dir = await mkdtemp(join(tmpdir(), 'herald-routing-'));
  await writeFile(join(dir, 'routing.yaml'), manifestsFor(cases, receiver));
  const config = testConfig([`--manifests=${dir}`, ...flags]);
  const registry = new Registry();
  const logger = captureLogs().logger;
  // Nothing here waits on time: every delivery answers at once, and the queues drain on stop.
  const clock = createManualClock();
  const local = await startLocalMode({ dir, config, logger, registry, clock });
  const herald = await startHerald({
    config,
    clock,
    logger,
    registry,
    mode: local,
  });
  try {
    for (const c of cases) {
      assert.equal(
        (await post(`http://127.0.0.1:${herald.eventsPort}/`, eventFor(c))).status,
        202,
        c.name,
      );
    }
    const forwarded = cases.filter((c) => c.forwarded).map((c) => `/${c.name}`);
    await waitFor(
      () => forwarded.every((path) => receiver.requests.some((request) => request.path === path)),
      'every forwarded case to arrive',
    );
    // Routing is decided before the 202 is sent; had a dropped case been queued, it would be
    // counted as delivered or still queued now that every forwarded one has arrived.
    const metrics = await registry.metrics();
    assert.match(
      metrics,
      new RegExp(
        `^herald_notifications_total\\{provider_type="generic",result="delivered"\\} ${forwarded.length}$`,
        'm',
      ),
    );
    assert.doesNotMatch(metrics, /^herald_notification_queue_depth\{[^}]*\} [1-9]/m);
    const received = receiver.requests.map((request) => request.path).sort();
    assert.deepEqual(received, [...forwarded].sort());
    if (checkStatus !== undefined) {
      const response = await fetch(`http://127.0.0.1:${herald.healthPort}/status`);
      checkStatus(((await response.json()) as { objects: ObjectStatus[] }).objects);
    }
  } finally {
    await herald.stop();
    await receiver.close();
  }
}

describe("Flux's routing table over real sockets", () => {
  test('kind, name, *, namespace, inclusion, exclusion, both, severity, suspended alert and provider', () =>
    runTable(CASES, []));

  test('cross-namespace sources are blocked with --no-cross-namespace-refs', () =>
    runTable(
      [
        {
          name: 'cross-namespace',
          alert: 'eventSources: [{kind: Kustomization, name: "*", namespace: shared}]',
          event: { object: { namespace: 'shared' } },
          forwarded: false,
        },
        {
          // The blocked source makes the whole Alert not ready: its own namespace's events too.
          name: 'mixed-namespaces',
          alert:
            'eventSources: [{kind: Kustomization, name: "*"}, {kind: HelmRelease, name: "*", namespace: shared}]',
          event: {},
          forwarded: false,
        },
        {
          name: 'same-namespace',
          alert: 'eventSources: [{kind: Kustomization, name: "*"}]',
          event: {},
          forwarded: true,
        },
      ],
      ['--no-cross-namespace-refs'],
      (objects) => {
        const alerts = objects.filter((object) => object.kind === 'Alert');
        assert.deepEqual(
          alerts.map(({ namespace, ready, reason }) => [namespace, ready, reason]).sort(),
          [
            ['cross-namespace', false, 'AccessDenied'],
            ['mixed-namespaces', false, 'AccessDenied'],
            ['same-namespace', true, 'Succeeded'],
          ],
        );
        const mixed = alerts.find((object) => object.namespace === 'mixed-namespaces');
        assert.match(mixed?.message ?? '', /spec\.eventSources\[1\] \(HelmRelease\/\*\)/);
        assert.match(mixed?.message ?? '', /--no-cross-namespace-refs/);
      },
    ));

  test('without --no-cross-namespace-refs a cross-namespace source is ready and routes', () =>
    runTable(
      [
        {
          name: 'cross-allowed',
          alert: 'eventSources: [{kind: Kustomization, name: "*", namespace: shared}]',
          event: { object: { namespace: 'shared' } },
          forwarded: true,
        },
      ],
      [],
      (objects) => {
        const alert = objects.find((object) => object.kind === 'Alert');
        assert.equal(alert?.ready, true);
      },
    ));
});
