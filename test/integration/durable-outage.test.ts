import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import type { HeraldProcess } from '../support/herald-process.js';
import { postNumberedEvents, spoolingHerald, tallyMessages } from '../support/spooling-herald.js';
import { waitFor } from '../support/wait-for.js';

const EVENTS = 500;
/**
 * How long the provider stays down: past the old budget (Flux's in-process retries, 2 + 4 + 8
 * + 16 s at most; about 14 s under the default 15 s timeout, after which a notification was
 * dropped), and back before the first notifications to give up are delivered again (30 s after
 * they gave up), so the test waits for one round of redeliveries only.
 */
const OUTAGE_MS = 35_000;
/** Most deliveries at once per Provider: that many notifications exhaust their retries first. */
const CONCURRENCY_PER_PROVIDER = 4;
/** Generous bounds on a shared machine; the real waits are about a minute. */
const PATIENCE_MS = 180_000;

/**
 * A generic webhook receiver that answers 503 (as a load balancer before a down backend does)
 * until `recover()`, then 200; `delivered` holds the message of each request answered 200.
 */
async function receiverDownUntilRecovered() {
  let down = true;
  const delivered: string[] = [];
  const server: CaptureServer = await startCaptureServer({
    defaultReply: (request) => {
      if (down) return { status: 503, body: 'no healthy upstream' };
      delivered.push((JSON.parse(request.body.toString()) as { message: string }).message);
      return { status: 200 };
    },
  });
  return {
    server,
    port: Number(new URL(server.url).port),
    delivered,
    recover: () => {
      down = false;
    },
    waitForDelivered: (count: number) =>
      waitFor(
        () => delivered.length >= count,
        `${String(count)} notifications answered 200`,
        PATIENCE_MS,
      ),
  };
}

const WILL_RETRY = 'Failed to deliver notification; will retry';

/** Resolves once `count` notifications have run out of in-process retries and wait in the spool. */
async function waitForRedeliveries(herald: HeraldProcess | undefined, count: number) {
  await waitFor(
    () => (herald?.logs.filter((line) => line.msg === WILL_RETRY).length ?? 0) >= count,
    `${String(count)} notifications to wait for redelivery`,
    PATIENCE_MS,
  );
  return herald?.logs.filter((line) => line.msg === WILL_RETRY) ?? [];
}

describe(
  'durable delivery through a provider outage longer than the in-process retries',
  {
    concurrency: true,
  },
  () => {
    test('a provider down for 35 s: every accepted notification delivered once it is back, none dropped', async (t) => {
      const receiver = await receiverDownUntilRecovered();
      const herald = await spoolingHerald('herald-outage', receiver.port);
      try {
        const eventsUrl = await herald.start();
        const outageBegan = Date.now();
        await postNumberedEvents(eventsUrl, EVENTS);

        // The first deliveries ran out of in-process retries: before the spool they were lost.
        const waiting = await waitForRedeliveries(herald.current, CONCURRENCY_PER_PROVIDER);
        const gaveUpMs = Date.now() - outageBegan;
        // The first to give up leaves the receiver alone for 30 s; the others wait out the rest.
        const firstWaits = waiting.slice(0, CONCURRENCY_PER_PROVIDER);
        assert.deepEqual(
          firstWaits.map((line) => line.code),
          Array.from({ length: CONCURRENCY_PER_PROVIDER }, () => 'HERALD_DELIVERY_FAILED'),
        );
        assert.equal(firstWaits[0]?.retryInMs, 30_000);
        for (const line of firstWaits) assert.ok(Number(line.retryInMs) <= 30_000);
        await new Promise((resolve) => setTimeout(resolve, outageBegan + OUTAGE_MS - Date.now()));
        receiver.recover();
        const outageMs = Date.now() - outageBegan;

        await receiver.waitForDelivered(EVENTS);
        const counts = tallyMessages(receiver.delivered);
        t.diagnostic(
          `first in-process retries gave up after ${String(gaveUpMs)} ms; outage ${String(outageMs)} ms; ` +
            `all delivered after ${String(Date.now() - outageBegan)} ms; accepted ${String(EVENTS)}, ` +
            `delivered ${String(counts.distinct)}, duplicates ${String(counts.repeats)}`,
        );
        assert.deepEqual(counts, { distinct: EVENTS, repeats: 0 });
        const current = herald.current;
        current?.child.kill('SIGTERM');
        await current?.exited;
        const summary = current?.logs.find(
          (line) => line.msg === 'Delivered every queued notification',
        );
        assert.equal(summary?.delivered, EVENTS, 'the run sums up: all delivered, none dropped');
        assert.ok(!current?.logs.some((line) => line.msg === 'Failed to deliver notification'));
      } finally {
        await herald.remove();
        await receiver.server.close();
      }
    });

    test('Herald SIGKILLed while notifications wait for redelivery: the next start delivers them all', async (t) => {
      const receiver = await receiverDownUntilRecovered();
      const herald = await spoolingHerald('herald-outage-kill', receiver.port);
      try {
        const eventsUrl = await herald.start();
        await postNumberedEvents(eventsUrl, EVENTS);
        await waitForRedeliveries(herald.current, CONCURRENCY_PER_PROVIDER);
        const killed = herald.current;
        killed?.child.kill('SIGKILL');
        await killed?.exited;

        receiver.recover();
        await herald.start();
        const replay = await herald.current?.waitForLog(
          (line) => line.msg === 'Replaying the notifications left undelivered by the last run',
        );
        assert.deepEqual([replay?.replayed, replay?.dropped], [EVENTS, 0]);
        await receiver.waitForDelivered(EVENTS);
        const counts = tallyMessages(receiver.delivered);
        t.diagnostic(
          `accepted ${String(EVENTS)}, replayed ${String(replay?.replayed)}, ` +
            `delivered ${String(counts.distinct)}, duplicates ${String(counts.repeats)}`,
        );
        // Every attempt before the kill was answered 503: none was delivered twice.
        assert.deepEqual(counts, { distinct: EVENTS, repeats: 0 });
      } finally {
        await herald.remove();
        await receiver.server.close();
      }
    });
  },
);
