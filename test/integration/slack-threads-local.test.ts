import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { startHerald, type RunningHerald } from '../../src/herald.js';
import { startLocalMode } from '../../src/local/local-mode.js';
import { THREADS_FILE_NAME } from '../../src/threads/file-thread-store.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { post } from '../support/event-api-harness.js';
import { testConfig } from '../support/herald-harness.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock } from '../support/manual-clock.js';
import {
  startSlackWebApi,
  threadedSlackManifests,
  type SlackWebApi,
} from '../support/slack-web-api-stand-in.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'xoxb-local-mode-thread-secret';

let slack: SlackWebApi;
let dir: string;
before(async () => {
  slack = await startSlackWebApi({ token: TOKEN, channels: { '#ops': 'C0OPS' } });
  dir = await mkdtemp(join(tmpdir(), 'herald-threads-local-'));
  await writeFile(join(dir, 'slack.yaml'), threadedSlackManifests(slack));
});
after(async () => {
  await slack.close();
  await rm(dir, { recursive: true, force: true });
});

/** Herald in local mode on the manifests, with `--storage-path`; one process's life. */
async function startLocalHerald(): Promise<{ herald: RunningHerald; stop: () => Promise<void> }> {
  const config = testConfig([`--manifests=${dir}`, `--storage-path=${join(dir, 'storage')}`]);
  const clock = createManualClock();
  const { logger } = captureLogs();
  const registry = new Registry();
  const mode = await startLocalMode({ dir, config, logger, registry, clock });
  const herald = await startHerald({ config, clock, logger, registry, mode });
  return {
    herald,
    stop: async () => {
      const stopping = herald.stop();
      clock.advance(config.gracefulShutdownTimeoutMs);
      await stopping;
    },
  };
}

test('local mode: a restart between two notifications of one object keeps its Slack thread', async () => {
  const file = join(dir, 'storage', THREADS_FILE_NAME);
  const first = await startLocalHerald();
  const events = `http://127.0.0.1:${first.herald.eventsPort}/`;
  assert.equal((await post(events, seedEvent())).status, 202);
  const parent = await waitFor(() => slack.messages()[0], 'the parent message');
  // Delivered once the thread is written: only then is stopping safe for it.
  await waitFor(
    async () => (await readFile(file, 'utf8').catch(() => '')).includes(parent.ts),
    'the thread in the file',
  );
  await first.stop();

  const second = await startLocalHerald();
  const recovered = { ...seedEvent(), severity: 'info', message: 'Reconciliation finished' };
  assert.equal(
    (await post(`http://127.0.0.1:${second.herald.eventsPort}/`, recovered)).status,
    202,
  );
  const reply = await waitFor(() => slack.messages()[1], 'the reply');
  assert.equal(reply.threadTs, parent.ts);
  assert.equal(
    slack.messages()[0]?.body.text,
    '*Recovered* · kustomization/webapp.apps · 2 notifications',
  );
  await second.stop();
  assert.ok(!(await readFile(file, 'utf8')).includes(TOKEN));
});
