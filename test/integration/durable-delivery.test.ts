import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '../apiserver/test-support.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { post } from '../support/event-api-harness.js';
import { LOOPBACK_FLAGS, spawnHerald, type HeraldProcess } from '../support/herald-process.js';
import { freePort } from '../support/server-process.js';
import { seedEvent } from '../fixtures/seed-event.js';

const EVENTS = 500;

const manifests = (port: number) => `apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: hook, namespace: apps}
spec: {type: generic, address: "http://127.0.0.1:${String(port)}/hook"}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: all, namespace: apps}
spec:
  providerRef: {name: hook}
  eventSources: [{kind: Kustomization, name: '*'}]
`;

/** The events' distinct messages, as the receiver got them, and how many came twice. */
function tally(receiver: CaptureServer): { distinct: number; repeats: number } {
  const messages = receiver.requests.map(
    (request) => (JSON.parse(request.body.toString()) as { message: string }).message,
  );
  const distinct = new Set(messages).size;
  return { distinct, repeats: messages.length - distinct };
}

describe('durable delivery with --storage-path', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let port: number;
  let flags: string[];
  let herald: HeraldProcess | undefined;
  let receiver: CaptureServer | undefined;

  before(async () => {
    dir = await makeTempDir('herald-durable');
    port = await freePort();
    await mkdir(join(dir.path, 'manifests'));
    await writeFile(join(dir.path, 'manifests', 'hook.yaml'), manifests(port));
    flags = [
      `--manifests=${join(dir.path, 'manifests')}`,
      `--storage-path=${join(dir.path, 'spool')}`,
      ...LOOPBACK_FLAGS,
    ];
  });
  after(async () => {
    herald?.child.kill('SIGKILL');
    await receiver?.close();
    await dir.remove();
  });

  const startHerald = async () => {
    herald = spawnHerald(flags);
    const started = await herald.waitForLog((line) => line.msg === 'Started servers', 60_000);
    return `http://${String(started.events)}`;
  };

  test('a provider down, 500 events accepted, Herald SIGKILLed and a torn record: all delivered after a restart', async () => {
    const eventsUrl = await startHerald();
    for (let i = 0; i < EVENTS; i++) {
      const response = await post(eventsUrl, { ...seedEvent(), message: `event ${String(i)}` });
      assert.equal(response.status, 202);
    }
    const killed = herald;
    killed?.child.kill('SIGKILL');
    await killed?.exited;

    // A write the kill tore in half, at the end of the newest segment.
    const spool = join(dir.path, 'spool');
    const newest = readdirSync(spool).sort().at(-1);
    assert.ok(newest !== undefined, 'the spool holds a segment');
    appendFileSync(join(spool, newest), Buffer.from([200, 0, 0, 0, 1, 2, 3]));

    receiver = await startCaptureServer({ port });
    await startHerald();
    await herald?.waitForLog(
      (line) =>
        line.msg ===
        'Dropped a torn record at the end of the spool, written when the last run was killed',
    );
    const replay = await herald?.waitForLog(
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

    herald?.child.kill('SIGTERM');
    await herald?.exited;
    // Delivered and settled: a third start replays nothing.
    const before = receiver.requests.length;
    await startHerald();
    await herald?.waitForLog((line) => line.msg === 'Started servers');
    herald?.child.kill('SIGTERM');
    await herald?.exited;
    assert.equal(receiver.requests.length, before);
    assert.ok(
      !herald?.logs.some(
        (line) => line.msg === 'Replaying the notifications left undelivered by the last run',
      ),
    );
  });
});
