import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderThreading } from '../../src/api/provider.js';
import { DeliveryError } from '../../src/http/delivery-error.js';
import type { NotifierDeps, ProviderTarget } from '../../src/notifiers/notifier.js';
import { ProviderConfigError } from '../../src/notifiers/provider-config-error.js';
import { createSlackNotifier } from '../../src/notifiers/slack.js';
import { openFileThreadStore, THREADS_FILE_NAME } from '../../src/threads/file-thread-store.js';
import { createMemoryThreadStore } from '../../src/threads/memory-thread-store.js';
import type { ThreadStore } from '../../src/threads/thread-store.js';
import { captureLogs } from '../support/log-capture.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import {
  startSlackWebApi,
  threadedSlackTarget,
  type SlackWebApi,
} from '../support/slack-web-api-stand-in.js';

const TOKEN = 'xoxb-42-thread-secret-token';
const CHANNEL_ID = 'C0OPS';
const HOUR_MS = 3_600_000;

let slack: SlackWebApi;
before(async () => {
  slack = await startSlackWebApi({ token: TOKEN, channels: { '#ops': CHANNEL_ID } });
});
after(() => slack.close());

/** A chat.postMessage Provider with threading, reaching the stand-in through its proxy. */
const threadedTarget = (
  threading: ProviderThreading = { enabled: true },
  overrides: Partial<ProviderTarget> = {},
): ProviderTarget => threadedSlackTarget(slack, threading, overrides);

/** A threaded notifier on `store`, with a manual clock; `delays` are the retry waits asked. */
function threadedNotifier(store?: ThreadStore, target = threadedTarget()) {
  const { deps, delays, clock } = createTestDeps();
  const withStore: NotifierDeps = { ...deps, threads: store ?? createMemoryThreadStore(clock) };
  return { notifier: createSlackNotifier(target, withStore), delays, clock };
}

/** What the stand-in received from request `from` on: method and parsed body. */
function callsSince(from: number): { method: string; body: Record<string, unknown> }[] {
  return slack.server.requests.slice(from).map((request) => ({
    method: request.path.replace('/api/', ''),
    body: JSON.parse(request.body.toString('utf8')) as Record<string, unknown>,
  }));
}

const failed = sampleEvent({ severity: 'error', message: 'Health check failed' });
const recovered = sampleEvent({ message: 'Health check passed' });

describe('slack threads', () => {
  test("the first notification posts Flux's payload as the parent; the next updates it, then replies under it", async () => {
    const { notifier } = threadedNotifier();
    const from = slack.server.requests.length;
    await notifier.post(failed);
    await notifier.post(recovered);

    const requests = slack.server.requests.slice(from);
    assert.deepEqual(
      requests.map((r) => r.path),
      ['/api/chat.postMessage', '/api/chat.update', '/api/chat.postMessage'],
    );
    for (const request of requests) assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
    const [parent, update, reply] = requests.map((r) => r.body.toString('utf8'));
    // The parent is exactly what Herald sends without threads.
    assert.equal(
      parent,
      '{"channel":"#ops","username":"kustomize-controller","icon_url":"","icon_emoji":"",' +
        '"attachments":[{"fallback":"kustomization/apps.flux-system: Health check failed",' +
        '"color":"danger","author_name":"kustomization/apps.flux-system",' +
        '"text":"Health check failed","mrkdwn_in":["text"],"fields":[]}]}',
    );
    const ts = slack.messages().at(-2)?.ts ?? '';
    // chat.update names the channel by the id Slack answered, and shows the latest state.
    assert.equal(
      update,
      `{"channel":"${CHANNEL_ID}","ts":"${ts}",` +
        '"text":"*Recovered* · kustomization/apps.flux-system · 2 notifications",' +
        '"attachments":[{"fallback":"kustomization/apps.flux-system: Health check passed",' +
        '"color":"good","author_name":"kustomization/apps.flux-system",' +
        '"text":"Health check passed","mrkdwn_in":["text"],"fields":[]}]}',
    );
    // The reply is Flux's payload with thread_ts last.
    assert.equal(
      reply,
      '{"channel":"#ops","username":"kustomize-controller","icon_url":"","icon_emoji":"",' +
        '"attachments":[{"fallback":"kustomization/apps.flux-system: Health check passed",' +
        '"color":"good","author_name":"kustomization/apps.flux-system",' +
        '"text":"Health check passed","mrkdwn_in":["text"],"fields":[]}],' +
        `"thread_ts":"${ts}"}`,
    );
    const [shownParent, shownReply] = slack.messages().slice(-2);
    assert.equal(shownParent?.threadTs, undefined);
    assert.equal(
      shownParent?.body.text,
      '*Recovered* · kustomization/apps.flux-system · 2 notifications',
    );
    assert.equal(shownReply?.threadTs, ts);
    await notifier.close();
  });

  test('the parent says Failed while the latest is an error, Recovered after, Info with no error yet', async () => {
    const { notifier } = threadedNotifier();
    const from = slack.server.requests.length;
    for (const event of [recovered, recovered, failed, failed, recovered])
      await notifier.post(event);
    const updates = callsSince(from).filter((call) => call.method === 'chat.update');
    assert.deepEqual(
      updates.map((call) => call.body.text),
      [
        '*Info* · kustomization/apps.flux-system · 2 notifications',
        '*Failed* · kustomization/apps.flux-system · 3 notifications',
        '*Failed* · kustomization/apps.flux-system · 4 notifications',
        '*Recovered* · kustomization/apps.flux-system · 5 notifications',
      ],
    );
    const parents = callsSince(from).filter((call) => call.body.thread_ts === undefined);
    assert.equal(parents.length, 1 + updates.length, 'one parent, and the updates');
    await notifier.close();
  });

  test('one thread per object; the dispatcher’s thread key (an Alert group) wins over the object', async () => {
    const { notifier } = threadedNotifier();
    const from = slack.messages().length;
    const other = sampleEvent({
      involvedObject: { kind: 'HelmRelease', namespace: 'apps', name: 'web' },
    });
    await notifier.post(failed);
    await notifier.post(other);
    await notifier.post(failed);
    await notifier.post(other);
    const posted = slack.messages().slice(from);
    const [first, second] = posted;
    assert.deepEqual(
      posted.map((m) => m.threadTs),
      [undefined, undefined, first?.ts, second?.ts],
    );

    const group = { threadKey: 'group:flux-system' };
    const grouped = slack.messages().length;
    await notifier.post(failed, undefined, group);
    await notifier.post(other, undefined, group);
    const inGroup = slack.messages().slice(grouped);
    assert.deepEqual(
      inGroup.map((m) => m.threadTs),
      [undefined, inGroup[0]?.ts],
    );
    await notifier.close();
  });

  test('notifications for one object at the same moment open one thread, not two', async () => {
    const { notifier } = threadedNotifier();
    const from = slack.messages().length;
    await Promise.all([notifier.post(failed), notifier.post(failed), notifier.post(recovered)]);
    const posted = slack.messages().slice(from);
    assert.equal(posted.filter((m) => m.threadTs === undefined).length, 1);
    assert.equal(posted.length, 3);
    await notifier.close();
  });

  test('a deleted parent (message_not_found on chat.update) starts a new thread', async () => {
    const { notifier } = threadedNotifier();
    await notifier.post(failed);
    const firstParent = slack.messages().at(-1)?.ts ?? '';
    slack.deleteMessage(firstParent);
    const from = slack.server.requests.length;
    await notifier.post(failed);
    const calls = callsSince(from);
    assert.deepEqual(
      calls.map((call) => [call.method, call.body.thread_ts]),
      [
        ['chat.update', undefined],
        ['chat.postMessage', undefined],
      ],
    );
    const newParent = slack.messages().at(-1)?.ts ?? '';
    assert.notEqual(newParent, firstParent);
    await notifier.post(recovered);
    assert.equal(slack.messages().at(-1)?.threadTs, newParent);
    await notifier.close();
  });

  test('a reply answered thread_not_found posts this notification as a new parent', async () => {
    const { notifier } = threadedNotifier();
    await notifier.post(failed);
    slack.answerNext('chat.postMessage', {
      status: 200,
      body: '{"ok":false,"error":"thread_not_found"}',
    });
    const from = slack.server.requests.length;
    await notifier.post(recovered);
    assert.deepEqual(
      callsSince(from).map((call) => [call.method, call.body.thread_ts === undefined]),
      [
        ['chat.update', true],
        ['chat.postMessage', false],
        ['chat.postMessage', true],
      ],
    );
    const newParent = slack.messages().at(-1)?.ts;
    await notifier.post(failed);
    assert.equal(slack.messages().at(-1)?.threadTs, newParent);
    await notifier.close();
  });

  test('429 with Retry-After on chat.update and chat.postMessage is waited out and retried', async () => {
    const { notifier, delays } = threadedNotifier();
    await notifier.post(failed);
    const limited = {
      status: 429,
      headers: { 'Retry-After': '3', 'Content-Type': 'application/json' },
      body: '{"ok":false,"error":"ratelimited"}',
    };
    slack.answerNext('chat.update', limited);
    const replies = slack.messages().length;
    slack.answerNext('chat.postMessage', {
      ...limited,
      headers: { ...limited.headers, 'Retry-After': '1' },
    });
    await notifier.post(failed);
    assert.deepEqual(delays, [3_000, 1_000]);
    const [reply] = slack.messages().slice(replies);
    assert.ok(reply?.threadTs !== undefined, 'the reply went into the thread after the wait');
    await notifier.close();
  });

  test('another refusal fails the delivery, names Slack’s error and no token, and keeps the thread', async () => {
    const { notifier } = threadedNotifier();
    await notifier.post(failed);
    const parent = slack.messages().at(-1)?.ts;
    slack.answerNext('chat.postMessage', {
      status: 200,
      body: '{"ok":false,"error":"not_in_channel"}',
    });
    await assert.rejects(notifier.post(failed), (error: unknown) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
      assert.match(error.message, /Slack responded with error: not_in_channel/);
      assert.ok(!error.message.includes(TOKEN));
      return true;
    });
    const from = slack.server.requests.length;
    await notifier.post(recovered);
    const calls = callsSince(from);
    assert.equal(calls.at(-1)?.body.thread_ts, parent);
    // The failed notification is not counted: the parent shows 2, not 3.
    assert.equal(
      calls[0]?.body.text,
      '*Recovered* · kustomization/apps.flux-system · 2 notifications',
    );
    await notifier.close();
  });

  test('an update that cannot be delivered fails the delivery before any reply is posted', async () => {
    const { notifier } = threadedNotifier();
    await notifier.post(failed);
    slack.answerNext('chat.update', { status: 200, body: '{"ok":false,"error":"invalid_auth"}' });
    const from = slack.server.requests.length;
    await assert.rejects(notifier.post(recovered), /Slack responded with error: invalid_auth/);
    assert.deepEqual(
      callsSince(from).map((call) => call.method),
      ['chat.update'],
    );
    await notifier.close();
  });

  test('a thread expires its expiry after its last notification (24h by default)', async () => {
    const { notifier, clock } = threadedNotifier();
    await notifier.post(failed);
    clock.advance(23 * HOUR_MS);
    await notifier.post(failed);
    const parent = slack.messages().at(-1)?.threadTs;
    assert.ok(parent !== undefined, 'still the same thread 23 h after the first');
    clock.advance(23 * HOUR_MS);
    await notifier.post(failed);
    assert.equal(slack.messages().at(-1)?.threadTs, parent, '23 h after the last: kept');
    clock.advance(24 * HOUR_MS);
    await notifier.post(failed);
    assert.equal(slack.messages().at(-1)?.threadTs, undefined, '24 h after the last: a new parent');
    await notifier.close();

    const short = threadedNotifier(undefined, threadedTarget({ enabled: true, expiry: '1h' }));
    await short.notifier.post(failed);
    short.clock.advance(HOUR_MS);
    await short.notifier.post(failed);
    assert.equal(slack.messages().at(-1)?.threadTs, undefined, 'expiry: 1h');
    await short.notifier.close();
  });

  test('a restart between two notifications keeps posting into the same thread (file store)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-threads-'));
    try {
      const path = join(dir, THREADS_FILE_NAME);
      const { logger } = captureLogs();
      const first = threadedNotifier(
        openFileThreadStore({ path, clock: createTestDeps().clock, logger }),
      );
      await first.notifier.post(failed);
      const parent = slack.messages().at(-1);
      await first.notifier.close();

      // A new process: a new store reading the same file, a new notifier.
      const second = threadedNotifier(
        openFileThreadStore({ path, clock: createTestDeps().clock, logger }),
      );
      const from = slack.server.requests.length;
      await second.notifier.post(recovered);
      const calls = callsSince(from);
      assert.deepEqual(
        calls.map((call) => [call.method, call.body.channel, call.body.ts ?? call.body.thread_ts]),
        [
          ['chat.update', CHANNEL_ID, parent?.ts],
          ['chat.postMessage', '#ops', parent?.ts],
        ],
      );
      const stored = await readFile(path, 'utf8');
      assert.ok(!stored.includes(TOKEN), 'no token in the store');
      assert.match(stored, new RegExp(`"ts":"${parent?.ts ?? ''}"`));
      await second.notifier.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('slack threads: configuration', () => {
  test('an incoming webhook address with threading is refused when the notifier is built', () => {
    const { deps } = createTestDeps();
    const target = threadedTarget(
      { enabled: true },
      { address: 'https://hooks.slack.com/services/T0/B0/WEBHOOKSECRET', proxy: undefined },
    );
    assert.throws(
      () => createSlackNotifier(target, deps),
      (error: unknown) => {
        assert.ok(error instanceof ProviderConfigError);
        assert.equal(error.code, 'HERALD_PROVIDER_INVALID_THREADING');
        assert.match(error.message, /answers no message id/);
        assert.ok(!error.message.includes('WEBHOOKSECRET'), error.message);
        return true;
      },
    );
  });

  test('threading without a token is refused; disabled threading posts as before', async () => {
    const { deps } = createTestDeps();
    assert.throws(
      () => createSlackNotifier(threadedTarget({ enabled: true }, { token: undefined }), deps),
      { code: 'HERALD_PROVIDER_MISSING_TOKEN' },
    );
    const { notifier } = threadedNotifier(undefined, threadedTarget({ enabled: false }));
    const from = slack.messages().length;
    await notifier.post(failed);
    await notifier.post(failed);
    assert.deepEqual(
      slack
        .messages()
        .slice(from)
        .map((m) => m.threadTs),
      [undefined, undefined],
    );
    await notifier.close();
  });
});
