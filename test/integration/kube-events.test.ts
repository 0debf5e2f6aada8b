import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { FluxEvent } from '../../src/api/event.js';
import { toConfigMapData } from '../../src/sources/checkpoint-data.js';
import { ALL_NAMESPACES } from '../../src/sources/checkpoint.js';
import { startTestApiServer, type TestApiServer } from '../apiserver/server.js';
import { systemClock } from '../../src/clock/clock.js';
import { ComponentManager } from '../../src/lifecycle/component-manager.js';
import { FlagLeadership } from '../support/flag-leadership.js';
import {
  RUNTIME_NAMESPACE,
  assertExactlyOnce,
  bumpEvent,
  createEvent,
  occurrenceLabel,
  sourceFor,
  storedCheckpoints,
  type SourceUnderTest,
} from '../support/kube-event-harness.js';
import { createRecordingSleep } from '../support/recording-sleep.js';
import { waitFor } from '../support/wait-for.js';

const NAMESPACES = [RUNTIME_NAMESPACE, 'a', 'b', 'c'];

/** Waits until the sink got `label`: Events are watched in order, so all before it were handled. */
async function waitDelivered(sut: SourceUnderTest, label: string): Promise<void> {
  await waitFor(() => sut.occurrences().includes(label), `${label} to be delivered`);
}

async function watching(api: TestApiServer, sut: SourceUnderTest, watches = 1): Promise<void> {
  await waitFor(
    () => sut.source.ingesting && api.openWatches() === watches,
    `${watches} Event watch(es) to be open`,
  );
}

/** A sink's recording of the occurrence `label` that waits until the test says `record()`. */
function heldRecording(label: string) {
  let record: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    record = resolve;
  });
  return {
    recording: (event: FluxEvent) => (occurrenceLabel(event) === label ? held : undefined),
    record: () => {
      record();
    },
  };
}

function names(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
}

describe('native Kubernetes Events against the test API server', () => {
  let api: TestApiServer;
  const running: SourceUnderTest[] = [];
  /** Ends what a test started otherwise than with `start`. */
  const stopLast: (() => Promise<void>)[] = [];
  const start = (sut: SourceUnderTest): SourceUnderTest => {
    running.push(sut);
    void sut.source.start();
    return sut;
  };

  before(async () => {
    api = await startTestApiServer({ namespaces: NAMESPACES });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sut) => sut.source.stop()));
    await Promise.all(stopLast.splice(0).map((stop) => stop()));
    api.faults.clear();
    api.faults.expireEvents();
    api.delete('v1', 'ConfigMap', 'herald-kube-events-checkpoint', RUNTIME_NAMESPACE);
  });
  after(() => api.close());

  test('every occurrence, count bumps included, reaches the sink exactly once', async () => {
    const sut = start(sourceFor(api));
    await watching(api, sut);
    const created = names('once', 12);
    for (const name of created) createEvent(api, name);
    const bumped = created.slice(0, 4);
    for (const name of bumped) {
      await bumpEvent(api, name, 2);
      await bumpEvent(api, name, 3);
    }
    createEvent(api, 'flux', { component: 'kustomize-controller' });
    await callAnnotate(api, 'once-5');
    createEvent(api, 'sentinel');
    await waitDelivered(sut, 'sentinel#1');

    const expected = [
      ...created.map((name) => `${name}#1`),
      ...bumped.flatMap((name) => [`${name}#2`, `${name}#3`]),
      'sentinel#1',
    ];
    assertExactlyOnce(sut.occurrences(), expected);
    assert.equal(await sut.metric('herald_kube_events_converted_total'), expected.length);
    assert.equal(
      await sut.metric('herald_events_accepted_total', { source: 'kubernetes' }),
      expected.length,
    );
    assert.equal(
      await sut.metric('herald_kube_events_skipped_total', { reason: 'flux-controller' }),
      1,
    );
    assert.equal(
      await sut.metric('herald_kube_events_skipped_total', { reason: 'not-new-occurrence' }),
      1,
      'an update of other fields is no occurrence',
    );
    const event = sut.delivered.find((e) => occurrenceLabel(e) === 'once-0#3');
    assert.ok(event !== undefined);
    assert.equal(event.involvedObject.name, 'pod-once-0');
    assert.equal(event.severity, 'error');
    assert.equal(event.reportingController, 'kubelet');

    assert.ok(api.faults.expireEvents() > 0);
    await waitFor(
      async () => (await sut.metric('herald_kube_events_occurrence_marks')) === 0,
      'the expired Events to be forgotten',
    );
    createEvent(api, 'after-ttl');
    await waitDelivered(sut, 'after-ttl#1');
    assertExactlyOnce(sut.occurrences(), [...expected, 'after-ttl#1']);
  });

  test('a watch cut mid-stream and a 410 in the middle lose nothing and repeat nothing', async () => {
    const sut = start(sourceFor(api));
    await watching(api, sut);
    const expected: string[] = [];
    const lists = () => api.requests.filter((r) => r.verb === 'list' && r.path.endsWith('/events'));
    const listsBefore = lists().length;
    for (let round = 0; round < 6; round++) {
      for (const name of names(`cut${round}`, 5)) {
        createEvent(api, name);
        expected.push(`${name}#1`);
      }
      await bumpEvent(api, `cut${round}-0`, 2);
      expected.push(`cut${round}-0#2`);
      // Ended cleanly as a server timeout does, or the connection dropped.
      assert.equal(api.faults.cutWatches({ mode: round % 2 === 0 ? 'end' : 'reset' }), 1);
      createEvent(api, `while-cut-${round}`);
      expected.push(`while-cut-${round}#1`);
      await watching(api, sut);
    }

    // 410: the resourceVersion the watch resumes from is compacted away while it is down.
    api.faults.cutWatches();
    api.faults.expireResourceVersions();
    for (const name of names('gone', 5)) {
      createEvent(api, name);
      expected.push(`${name}#1`);
    }
    await bumpEvent(api, 'cut0-1', 2);
    expected.push('cut0-1#2');
    await watching(api, sut);
    createEvent(api, 'sentinel');
    expected.push('sentinel#1');
    await waitDelivered(sut, 'sentinel#1');

    assertExactlyOnce(sut.occurrences(), expected);
    assert.equal(lists().length, listsBefore + 1, 'only the 410 made it list again');
    assert.equal(
      await sut.metric('herald_kube_events_watch_restarts_total', { reason: 'expired' }),
      1,
    );
    assert.ok(
      (await sut.metric('herald_kube_events_skipped_total', { reason: 'covered-by-checkpoint' })) >
        0,
      'the relist met the Events delivered before',
    );
  });

  test('an API server restart (connections refused, then 410) loses nothing and repeats nothing', async () => {
    const sut = start(sourceFor(api));
    await watching(api, sut);
    for (const name of names('up', 4)) createEvent(api, name);
    await waitDelivered(sut, 'up-3#1');
    await api.faults.restart({
      whileDown: async () => {
        for (const name of names('down', 4)) createEvent(api, name);
        // Compacted while down, too: the watch position is gone when the server is back.
        api.faults.expireResourceVersions();
        await waitFor(
          async () =>
            (await sut.metric('herald_kube_events_watch_restarts_total', { reason: 'error' })) > 0,
          'a refused connection',
        );
      },
    });
    await bumpEvent(api, 'up-0', 2);
    await watching(api, sut);
    createEvent(api, 'sentinel');
    await waitDelivered(sut, 'sentinel#1');
    assert.ok(
      (await sut.metric('herald_kube_events_watch_restarts_total', { reason: 'expired' })) > 0,
      'the restarted server no longer had the watch position',
    );
    assertExactlyOnce(sut.occurrences(), [
      ...names('up', 4).map((name) => `${name}#1`),
      ...names('down', 4).map((name) => `${name}#1`),
      'up-0#2',
      'sentinel#1',
    ]);
  });

  test('a checkpoint ahead of the server (etcd restored) falls back to a relist judged by time', async () => {
    const nowMs = Date.now();
    api.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'herald-kube-events-checkpoint', namespace: RUNTIME_NAMESPACE },
      data: toConfigMapData(
        new Map([
          [
            ALL_NAMESPACES,
            {
              resourceVersion: '999999999',
              newestTime: `${new Date(nowMs - 60_000).toISOString().slice(0, 19)}.000000Z`,
              idsAtNewestTime: [],
            },
          ],
        ]),
      ),
    });
    createEvent(api, 'handled-before', { at: new Date(nowMs - 120_000) });
    createEvent(api, 'after-checkpoint', { at: new Date(nowMs) });
    const sut = start(sourceFor(api));
    await waitDelivered(sut, 'after-checkpoint#1');
    await watching(api, sut);
    createEvent(api, 'sentinel', { at: new Date(nowMs - 300_000) });
    await waitDelivered(sut, 'sentinel#1');
    assert.deepEqual(sut.occurrences(), ['after-checkpoint#1', 'sentinel#1']);
    assert.ok(
      sut.logs.lines().some((line) => line.level === 'warn' && line.checkpoint === '999999999'),
    );
  });

  test('a graceful restart with the same ConfigMap continues exactly once', async () => {
    const first = start(sourceFor(api));
    await watching(api, first);
    for (const name of names('before', 6)) createEvent(api, name);
    await bumpEvent(api, 'before-0', 2);
    await waitDelivered(first, 'before-0#2');
    await first.source.stop();
    assert.ok(storedCheckpoints(api)?._all?.resourceVersion, 'the stop wrote the checkpoint');

    for (const name of names('down', 4)) createEvent(api, name);
    await bumpEvent(api, 'before-1', 2);
    await bumpEvent(api, 'before-1', 3);
    const second = start(sourceFor(api));
    await watching(api, second);
    createEvent(api, 'sentinel');
    await waitDelivered(second, 'sentinel#1');

    assertExactlyOnce(
      [...first.occurrences(), ...second.occurrences()],
      [
        ...names('before', 6).map((name) => `${name}#1`),
        'before-0#2',
        ...names('down', 4).map((name) => `${name}#1`),
        'before-1#2',
        'before-1#3',
        'sentinel#1',
      ],
    );
  });

  test('a killed leader repeats exactly what it handed on after its last checkpoint write', async () => {
    // Writes only when told (flush), so the test knows what the last write held.
    const hour = { writeIntervalMs: 3_600_000 };
    const killed = start(sourceFor(api, { checkpoint: hour }));
    await watching(api, killed);
    const written = names('written', 8);
    for (const name of written) createEvent(api, name);
    await waitDelivered(killed, `${written.at(-1) ?? ''}#1`);
    assert.equal(await killed.source.flush(), true);
    const storedRv = Number(storedCheckpoints(api)?._all?.resourceVersion);
    const unwritten = names('unwritten', 5);
    for (const name of unwritten) createEvent(api, name);
    await bumpEvent(api, 'written-0', 2);
    await waitDelivered(killed, 'written-0#2');
    await killed.source.kill();
    assert.equal(Number(storedCheckpoints(api)?._all?.resourceVersion), storedRv, 'no final write');

    const next = start(sourceFor(api));
    await watching(api, next);
    for (const name of names('after', 3)) createEvent(api, name);
    createEvent(api, 'sentinel');
    await waitDelivered(next, 'sentinel#1');

    const sinceLastWrite = killed.delivered
      .filter(
        (event) => Number(event.metadata?.['event.toolkit.fluxcd.io/resourceVersion']) > storedRv,
      )
      .map(occurrenceLabel);
    assert.deepEqual(
      sinceLastWrite.sort(),
      [...unwritten.map((name) => `${name}#1`), 'written-0#2'].sort(),
    );
    const repeated = next.occurrences().filter((label) => killed.occurrences().includes(label));
    assert.deepEqual(repeated.sort(), sinceLastWrite, 'repeats are exactly the unwritten ones');
    assertExactlyOnce(next.occurrences(), [
      ...sinceLastWrite,
      ...names('after', 3).map((name) => `${name}#1`),
      'sentinel#1',
    ]);
  });

  test('killed while the sink has not recorded an occurrence, the next leader delivers it', async () => {
    const held = heldRecording('held#1');
    // Writes only when told (flush), so the test knows what the last write held.
    const hour = { writeIntervalMs: 3_600_000 };
    const killed = start(sourceFor(api, { checkpoint: hour, recording: held.recording }));
    await watching(api, killed);
    const beforeRv = createEvent(api, 'before');
    createEvent(api, 'held');
    createEvent(api, 'after');
    await waitDelivered(killed, 'after#1');
    assert.equal(await killed.source.flush(), true);
    assert.equal(
      storedCheckpoints(api)?._all?.resourceVersion,
      beforeRv,
      'stored up to the last occurrence recorded, not past the one still unrecorded',
    );
    await killed.source.kill();
    held.record();

    const next = start(sourceFor(api));
    await watching(api, next);
    createEvent(api, 'sentinel');
    await waitDelivered(next, 'sentinel#1');
    assertExactlyOnce(next.occurrences(), ['held#1', 'after#1', 'sentinel#1']);
  });

  test('a graceful stop waits for the sink to record what it handed on, then stores past it', async () => {
    const held = heldRecording('held#1');
    const sut = start(sourceFor(api, { recording: held.recording }));
    await watching(api, sut);
    const heldRv = createEvent(api, 'held');
    await waitDelivered(sut, 'held#1');
    let stopped = false;
    const stopping = sut.source.stop().then(() => {
      stopped = true;
    });
    await waitFor(() => !sut.source.ingesting, 'the watch to stop');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(stopped, false, 'the stop waits for the recording');
    held.record();
    await stopping;
    assert.equal(storedCheckpoints(api)?._all?.resourceVersion, heldRv);
  });

  test('failover between two instances on graceful handoff is exactly once', async () => {
    const leaseA = new FlagLeadership(true);
    const leaseB = new FlagLeadership(false);
    // Each source runs as Herald runs it: a leader-only component under a manager.
    const a = sourceFor(api);
    const b = sourceFor(api);
    const managers = [a, b].map(
      (sut, i) =>
        new ComponentManager({
          components: [sut.source],
          leadership: i === 0 ? leaseA : leaseB,
          logger: sut.logs.logger,
          clock: systemClock,
          stepDownTimeoutMs: 10_000,
        }),
    );
    for (const manager of managers) await manager.start();
    stopLast.push(...managers.map((manager) => () => manager.stop(10_000)));
    await watching(api, a);
    await b.source.settled();
    assert.equal(b.source.ingesting, false, 'a follower does not watch');
    const expected: string[] = [];
    const batch = (prefix: string) => {
      for (const name of names(prefix, 5)) {
        createEvent(api, name);
        expected.push(`${name}#1`);
      }
    };
    batch('a1');
    await waitDelivered(a, 'a1-4#1');

    leaseA.set(false);
    await a.source.settled();
    assert.equal(api.openWatches(), 0);
    batch('nobody');
    await bumpEvent(api, 'a1-0', 2);
    expected.push('a1-0#2');
    leaseB.set(true);
    await watching(api, b);
    batch('b1');
    await waitDelivered(b, 'b1-4#1');

    leaseB.set(false);
    await b.source.settled();
    leaseA.set(true);
    await watching(api, a);
    batch('a2');
    createEvent(api, 'sentinel');
    expected.push('sentinel#1');
    await waitDelivered(a, 'sentinel#1');

    assertExactlyOnce([...a.occurrences(), ...b.occurrences()], expected);
    assert.ok(b.occurrences().includes('nobody-0#1'), 'the new leader delivered the gap');
  });

  test('kubeEventsNamespaces [a, b] delivers Events from a and b only', async () => {
    const sut = start(sourceFor(api, { namespaces: ['a', 'b'] }));
    await watching(api, sut, 2);
    for (const namespace of ['a', 'b', 'c']) {
      for (const name of names(namespace, 3)) createEvent(api, name, { namespace });
    }
    createEvent(api, 'sentinel-a', { namespace: 'a' });
    createEvent(api, 'sentinel-b', { namespace: 'b' });
    await waitDelivered(sut, 'sentinel-a#1');
    await waitDelivered(sut, 'sentinel-b#1');
    assertExactlyOnce(sut.occurrences(), [
      ...names('a', 3).map((name) => `${name}#1`),
      ...names('b', 3).map((name) => `${name}#1`),
      'sentinel-a#1',
      'sentinel-b#1',
    ]);
    assert.deepEqual(
      [...new Set(sut.delivered.map((event) => event.involvedObject.namespace))].sort(),
      ['a', 'b'],
    );
    await sut.source.stop();
    assert.deepEqual(Object.keys(storedCheckpoints(api) ?? {}).sort(), ['a', 'b']);
  });

  test('repeated occurrences of one Event within the rate-limit window reach the sink once', async () => {
    const sut = start(sourceFor(api, { rateLimitIntervalMs: 5 * 60_000 }));
    await watching(api, sut);
    createEvent(api, 'flapping');
    for (let count = 2; count <= 4; count++) await bumpEvent(api, 'flapping', count);
    createEvent(api, 'sentinel');
    await waitDelivered(sut, 'sentinel#1');
    assert.deepEqual(sut.occurrences(), ['flapping#1', 'sentinel#1']);
    assert.equal(await sut.metric('herald_kube_events_converted_total'), 5);
    assert.equal(await sut.metric('herald_events_rate_limited_total', { source: 'kubernetes' }), 3);
  });

  test('a silent watch is restarted, and failed requests are retried with backoff', async () => {
    const recorded = createRecordingSleep();
    const sut = start(
      sourceFor(api, {
        clock: { sleep: recorded.sleep },
        watch: { restartDelayBaseMs: 100, restartDelayMaxMs: 1_000, silentWatchTimeoutMs: 200 },
      }),
    );
    await watching(api, sut);
    await waitFor(
      async () =>
        (await sut.metric('herald_kube_events_watch_restarts_total', { reason: 'silent' })) > 0,
      'a silent watch to be restarted',
    );
    const failing = api.faults.inject({ verb: 'watch', resource: 'events', status: 500, times: 4 });
    api.faults.cutWatches();
    await waitFor(() => failing.hits >= 4, 'the failing watches');
    createEvent(api, 'after-errors');
    await waitDelivered(sut, 'after-errors#1');
    assert.deepEqual(recorded.delays.slice(0, 4), [100, 200, 400, 800]);
    assert.deepEqual(sut.occurrences(), ['after-errors#1']);
  });
});

describe('a first start on a cluster already holding 1,000 Events', () => {
  let api: TestApiServer;
  /** The sources' clock: whole seconds, so Event times fall clear of the first-start boundary. */
  const startedMs = Math.floor(Date.now() / 1_000) * 1_000;
  const RETAINED = 1_000;
  const SPACING_S = 3;
  /** Event i happened `3 i + 1` seconds before the start: 50 minutes of retained Events. */
  const ageSeconds = (i: number) => SPACING_S * i + 1;

  before(async () => {
    api = await startTestApiServer({ namespaces: NAMESPACES });
    for (let i = 0; i < RETAINED; i++) {
      createEvent(api, `retained-${i}`, { at: new Date(startedMs - ageSeconds(i) * 1_000) });
    }
  });
  after(() => api.close());

  async function firstStart(sinceMs: number, configMapName: string): Promise<SourceUnderTest> {
    const sut = sourceFor(api, {
      sinceMs,
      clock: { now: () => startedMs },
      checkpoint: { configMapName },
    });
    void sut.source.start();
    try {
      await watching(api, sut);
      createEvent(api, `sentinel-${configMapName}`);
      await waitDelivered(sut, `sentinel-${configMapName}#1`);
    } finally {
      await sut.source.stop();
      // Recent itself: it must not count as retained in the next test.
      api.delete('v1', 'Event', `sentinel-${configMapName}`, 'default');
    }
    return sut;
  }

  test('delivers none of them by default', async () => {
    const sut = await firstStart(0, 'first-start-default');
    assert.deepEqual(sut.occurrences(), ['sentinel-first-start-default#1']);
    assert.equal(
      await sut.metric('herald_kube_events_skipped_total', { reason: 'first-start' }),
      RETAINED,
    );
  });

  test('with kubeEventsSinceMs delivers exactly those that recent', async () => {
    const sinceMs = 10 * 60_000;
    const sut = await firstStart(sinceMs, 'first-start-since');
    const recent = Array.from({ length: RETAINED }, (_, i) => i)
      .filter((i) => ageSeconds(i) * 1_000 <= sinceMs)
      .map((i) => `retained-${i}#1`);
    assert.equal(recent.length, 200);
    assertExactlyOnce(sut.occurrences(), [...recent, 'sentinel-first-start-since#1']);
    assert.equal(
      await sut.metric('herald_kube_events_skipped_total', { reason: 'first-start' }),
      RETAINED - recent.length,
    );
  });
});

/** An update of an Event that is no occurrence: an annotation, count and time unchanged. */
async function callAnnotate(api: TestApiServer, name: string): Promise<void> {
  const response = await fetch(`${api.url}/api/v1/namespaces/default/events/${name}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/merge-patch+json' },
    body: JSON.stringify({ metadata: { annotations: { note: 'touched' } } }),
  });
  assert.equal(response.status, 200);
}
