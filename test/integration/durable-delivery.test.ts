import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { freePort } from '../support/server-process.js';
import {
  postNumberedEvents,
  spoolingHerald,
  tallyMessages,
  type SpoolingHerald,
} from '../support/spooling-herald.js';

const EVENTS = 500;

/** The events' distinct messages, as the receiver got them, and how many came twice. */
function tally(receiver: CaptureServer): { distinct: number; repeats: number } {
  return tallyMessages(
    receiver.requests.map(
      (request) => (JSON.parse(request.body.toString()) as { message: string }).message,
    ),
  );
}

describe('durable delivery with --storage-path', () => {
  let port: number;
  let herald: SpoolingHerald;
  let receiver: CaptureServer | undefined;

  before(async () => {
    port = await freePort();
    herald = await spoolingHerald('herald-durable', port);
  });
  after(async () => {
    await herald.remove();
    await receiver?.close();
  });

  test('a provider down, 500 events accepted, Herald SIGKILLed and a torn record: all delivered after a restart', async () => {
    const eventsUrl = await herald.start();
    await postNumberedEvents(eventsUrl, EVENTS);
    const killed = herald.current;
    killed?.child.kill('SIGKILL');
    await killed?.exited;

    // A write the kill tore in half, at the end of the newest segment.
    const newest = readdirSync(herald.spool).sort().at(-1);
    assert.ok(newest !== undefined, 'the spool holds a segment');
    appendFileSync(join(herald.spool, newest), Buffer.from([200, 0, 0, 0, 1, 2, 3]));

    receiver = await startCaptureServer({ port });
    await herald.start();
    await herald.current?.waitForLog(
      (line) =>
        line.msg ===
        'Dropped a torn record at the end of the spool, written when the last run was killed',
    );
    const replay = await herald.current?.waitForLog(
      (line) => line.msg === 'Replaying the notifications left undelivered by the last run',
    );
    assert.deepEqual(
      { replayed: replay?.replayed, dropped: replay?.dropped },
      {
        replayed: EVENTS,
        dropped: 0,
      },
    );
    await receiver.waitForRequests(EVENTS);
    // Nothing reached the receiver before the kill, so nothing was in flight: no repeats.
    assert.deepEqual(tally(receiver), { distinct: EVENTS, repeats: 0 });
    // Each names itself with the id spooled with it.
    const ids = new Set(receiver.requests.map((request) => request.headers['x-herald-delivery']));
    assert.equal(ids.size, EVENTS);

    herald.current?.child.kill('SIGTERM');
    await herald.current?.exited;
    // Delivered and settled: a third start replays nothing.
    const before = receiver.requests.length;
    await herald.start();
    herald.current?.child.kill('SIGTERM');
    await herald.current?.exited;
    assert.equal(receiver.requests.length, before);
    assert.ok(
      !herald.current?.logs.some(
        (line) => line.msg === 'Replaying the notifications left undelivered by the last run',
      ),
    );
  });
});
