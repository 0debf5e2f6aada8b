import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { startHerald, type RunningHerald } from '../../src/herald.js';
import { RELOAD_DEBOUNCE_MS, startLocalMode, type LocalMode } from '../../src/local/local-mode.js';
import { MAX_BATCH_WAIT_MS } from '../../src/notifiers/loki.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { post } from '../support/event-api-harness.js';
import { testConfig } from '../support/herald-harness.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock } from '../support/manual-clock.js';
import { helmReleaseEvent, seedEvent } from '../fixtures/seed-event.js';
import { waitFor } from '../support/wait-for.js';

const HMAC_TOKEN = 'hmac-signing-key-0123456789';
const SLACK_PATH = '/services/T0SECRET/B0SECRET/xoxsecretwebhookpath';
const LOKI_PASSWORD = 'loki-password-do-not-log';

function manifests(webhook: CaptureServer, slack: CaptureServer, loki: CaptureServer): string {
  return `
apiVersion: v1
kind: Secret
metadata: {name: hook-token, namespace: apps}
stringData: {token: ${HMAC_TOKEN}}
---
apiVersion: v1
kind: Secret
metadata: {name: slack-url, namespace: apps}
stringData: {address: "${slack.url}${SLACK_PATH}"}
---
apiVersion: v1
kind: Secret
metadata: {name: loki-auth, namespace: apps}
stringData: {username: herald, password: ${LOKI_PASSWORD}}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: hook, namespace: apps}
spec: {type: generic-hmac, address: "${webhook.url}/hook", secretRef: {name: hook-token}}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: slack, namespace: apps}
spec: {type: slack, channel: ops, secretRef: {name: slack-url}}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: loki, namespace: apps}
spec: {type: loki, address: "${loki.url}", secretRef: {name: loki-auth}}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: hook, namespace: apps}
spec:
  providerRef: {name: hook}
  eventSources: [{kind: Kustomization, name: webapp}]
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: slack-errors, namespace: apps}
spec:
  providerRef: {name: slack}
  eventSeverity: error
  eventSources: [{kind: Kustomization, name: '*'}]
  exclusionList: ['(a+)+$']
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: loki-all, namespace: apps}
spec:
  providerRef: {name: loki}
  eventSources: [{kind: Kustomization, name: '*'}, {kind: HelmRelease, name: '*'}]
`;
}

describe('local mode: events POSTed to Herald reach Slack, Loki and a webhook', () => {
  let webhook: CaptureServer;
  let slack: CaptureServer;
  let loki: CaptureServer;
  let dir: string;
  let local: LocalMode;
  let herald: RunningHerald;
  let events: string;
  const logs = captureLogs('debug');
  // Time moves only when a test says so: Loki's batch wait, the reload debounce, the shutdown.
  const clock = createManualClock();

  before(async () => {
    [webhook, slack, loki] = await Promise.all([
      startCaptureServer(),
      startCaptureServer(),
      startCaptureServer(),
    ]);
    dir = await mkdtemp(join(tmpdir(), 'herald-local-'));
    await writeFile(join(dir, 'all.yaml'), manifests(webhook, slack, loki));
    const config = testConfig([`--manifests=${dir}`]);
    const registry = new Registry();
    local = await startLocalMode({
      dir,
      config,
      logger: logs.logger,
      registry,
      clock,
    });
    herald = await startHerald({
      config,
      clock,
      logger: logs.logger,
      registry,
      mode: local,
    });
    events = `http://127.0.0.1:${herald.eventsPort}/`;
  });
  after(async () => {
    const stopping = herald.stop();
    clock.advance(testConfig().gracefulShutdownTimeoutMs);
    await stopping;
    await Promise.all([webhook.close(), slack.close(), loki.close()]);
  });

  test('every Alert and Provider is ready', async () => {
    const status = (await (await fetch(`http://127.0.0.1:${herald.healthPort}/status`)).json()) as {
      objects: { name: string; ready: boolean; message: string }[];
    };
    assert.deepEqual(
      status.objects.filter((object) => !object.ready),
      [],
    );
    assert.equal(status.objects.length, 6);
  });

  test('an error event reaches all three, signed, with the Slack payload and Loki auth', async () => {
    assert.equal((await post(events, seedEvent())).status, 202);
    clock.advance(MAX_BATCH_WAIT_MS);
    await Promise.all([
      webhook.waitForRequests(1),
      slack.waitForRequests(1),
      loki.waitForRequests(1),
    ]);

    const signed = webhook.requests[0];
    assert.ok(signed);
    const expected = `sha256=${createHmac('sha256', HMAC_TOKEN).update(signed.body).digest('hex')}`;
    assert.equal(
      signed.headers['x-signature'],
      expected,
      'signature recomputed over the received bytes',
    );
    assert.equal(signed.headers['gotk-component'], 'kustomize-controller');

    const slackRequest = slack.requests[0];
    assert.ok(slackRequest);
    assert.equal(slackRequest.path, SLACK_PATH);
    const payload = JSON.parse(slackRequest.body.toString()) as {
      channel: string;
      attachments: { color: string; author_name: string }[];
    };
    assert.equal(payload.channel, 'ops');
    const [attachment] = payload.attachments;
    assert.ok(attachment);
    assert.equal(attachment.color, 'danger');
    assert.equal(attachment.author_name, 'kustomization/webapp.apps');

    const lokiRequest = loki.requests[0];
    assert.ok(lokiRequest);
    assert.equal(lokiRequest.path, '/loki/api/v1/push');
    assert.equal(
      lokiRequest.headers.authorization,
      `Basic ${Buffer.from(`herald:${LOKI_PASSWORD}`).toString('base64')}`,
    );
  });

  test('an info event skips the error-only Slack Alert', async () => {
    const before = { slack: slack.requests.length, loki: loki.requests.length };
    assert.equal(
      (await post(events, { ...seedEvent(), severity: 'info', message: 'Reconciliation finished' }))
        .status,
      202,
    );
    clock.advance(MAX_BATCH_WAIT_MS);
    await webhook.waitForRequests(2);
    await loki.waitForRequests(before.loki + 1);
    assert.equal(slack.requests.length, before.slack);
  });

  test('a pathological message against (a+)+$ does not stall the event path', async () => {
    const message = `${'a'.repeat(30_000)}!`;
    assert.equal((await post(events, { ...seedEvent(), message })).status, 202);
    // Slack's exclusion (a+)+$ fails on this message only after exponential backtracking in a
    // backtracking engine; with RE2 it is linear and the event reaches Slack and the webhook.
    await webhook.waitForRequests(3);
    await slack.waitForRequests(2);
  });

  test('a rejected delivery is logged without the webhook path', async () => {
    slack.reply({ status: 404, body: 'no_service' });
    assert.equal(
      (await post(events, { ...seedEvent(), message: 'goes to a dead webhook' })).status,
      202,
    );
    await slack.waitForRequests(slack.requests.length + 1);
    await waitFor(
      () => logs.lines().some((line) => line.msg === 'Failed to deliver notification'),
      'the failed delivery to be logged',
    );
  });

  test('changing the manifests reloads them without a restart', async () => {
    await writeFile(
      join(dir, 'more.yaml'),
      `apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: helm, namespace: apps}
spec:
  providerRef: {name: hook}
  eventSources: [{kind: HelmRelease, name: podinfo}]
`,
    );
    await waitFor(() => {
      // Each look lets the debounce of the changes seen so far run out.
      clock.advance(RELOAD_DEBOUNCE_MS);
      return (
        logs.lines().some((line) => line.msg === 'Manifests changed, reloading') &&
        logs.lines().some((line) => line.name === 'helm' && line.namespace === 'apps')
      );
    }, 'the manifests to be reloaded');
    const count = webhook.requests.length;
    const helmEvent = helmReleaseEvent();
    assert.equal((await post(events, helmEvent)).status, 202);
    await webhook.waitForRequests(count + 1);
  });

  test('no token, password or webhook path appears in any log line', () => {
    const text = logs.text();
    assert.ok(text.length > 0);
    for (const secret of [HMAC_TOKEN, LOKI_PASSWORD, SLACK_PATH, 'xoxsecretwebhookpath']) {
      assert.ok(!text.includes(secret), `a log line contains ${secret}`);
    }
  });
});
