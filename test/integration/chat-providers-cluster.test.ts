import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ClusterMode } from '../../src/cluster/cluster-mode.js';
import type { RunningHerald } from '../../src/herald.js';
import { findKubectl, Kubectl } from '../apiserver/test-support.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { post } from '../support/event-api-harness.js';
import { startKubeFixture, type KubeFixture } from '../support/kube-fixture.js';
import { captureLogs } from '../support/log-capture.js';
import { startClusterHerald } from '../support/mode-harness.js';
import { waitFor } from '../support/wait-for.js';
import { seedEvent } from '../fixtures/seed-event.js';

const API_VERSION = 'notification.toolkit.fluxcd.io/v1beta3';

/** A Provider of `type` whose Secret holds `data`, as Flux's documentation configures each. */
function providerWithSecret(
  name: string,
  spec: string,
  data: Readonly<Record<string, string>>,
): string {
  return `
apiVersion: ${API_VERSION}
kind: Provider
metadata: {name: ${name}, namespace: apps}
spec: {${spec}, secretRef: {name: ${name}-secret}}
---
apiVersion: v1
kind: Secret
metadata: {name: ${name}-secret, namespace: apps}
stringData: ${JSON.stringify(data)}
`;
}

/** `kubectl get providers` as NAME → the row's columns (columns are 2+ spaces apart). */
function providerRows(table: string): Map<string, Record<string, string>> {
  const [header = '', ...rows] = table.trimEnd().split('\n');
  const names = header.trim().split(/\s{2,}/);
  return new Map(
    rows.map((row) => {
      const cells = row.trim().split(/\s{2,}/);
      const columns = Object.fromEntries(names.map((name, i) => [name, cells[i] ?? '']));
      return [columns.NAME ?? '', columns];
    }),
  );
}

describe('kubectl get providers: the chat types, configured as Flux documents them', () => {
  let kube: KubeFixture;
  let kubectl: Kubectl;
  let teams: CaptureServer;
  let herald: RunningHerald;
  let cluster: ClusterMode;
  const logs = captureLogs();

  before(async () => {
    kube = await startKubeFixture(['apps']);
    kubectl = new Kubectl(findKubectl(), kube.kubeconfig, join(kube.kubeconfig, '..'));
    teams = await startCaptureServer({ defaultReply: { status: 202 } });
    const webex = "type: webex, address: 'https://webexapis.com/v1/messages'";
    await kubectl.ok(
      ['apply', '-f', '-'],
      [
        providerWithSecret('msteams', 'type: msteams', {
          address: `${teams.url}/workflows/zzz/triggers/manual/paths/invoke?sig=s3cr3t`,
        }),
        providerWithSecret('discord', 'type: discord', {
          address: 'https://discord.com/api/webhooks/123/abc',
        }),
        providerWithSecret('rocket', 'type: rocket', {
          address: 'https://rocket.example.com/hooks/id/token',
        }),
        providerWithSecret('google', 'type: googlechat', {
          address: 'https://chat.googleapis.com/v1/spaces/AAA/messages?key=k&token=t',
        }),
        providerWithSecret('webex', `${webex}, channel: room-id`, { token: 'bot-token' }),
        providerWithSecret('webex-no-token', `${webex}, channel: room-id`, { username: 'bot' }),
        providerWithSecret('webex-no-room', webex, { token: 'bot-token' }),
        providerWithSecret(
          'telegram',
          "type: telegram, address: 'https://api.telegram.org', channel: '@fluxcd'",
          { token: '123456:bot-token' },
        ),
        providerWithSecret(
          'telegram-no-token',
          "type: telegram, address: 'https://api.telegram.org', channel: '@fluxcd'",
          { username: 'bot' },
        ),
        providerWithSecret('lark', 'type: lark', {
          address: 'https://open.larksuite.com/open-apis/bot/v2/hook/id',
        }),
        providerWithSecret(
          'matrix',
          "type: matrix, address: 'https://matrix.org', channel: '!room:matrix.org'",
          { token: 'syt_token' },
        ),
        providerWithSecret('matrix-no-room', "type: matrix, address: 'https://matrix.org'", {
          token: 'syt_token',
        }),
        providerWithSecret(
          'zulip',
          "type: zulip, address: 'https://example.zulipchat.com', channel: 'ops/deploys'",
          { username: 'bot@example.com', password: 'api-key' },
        ),
        providerWithSecret('zoom', 'type: zoom', {
          address: 'https://integrations.zoom.us/chat/webhooks/incomingwebhook/id',
          token: 'verification-token',
        }),
        `
apiVersion: ${API_VERSION}
kind: Alert
metadata: {name: teams, namespace: apps}
spec: {providerRef: {name: msteams}, eventSources: [{kind: Kustomization, name: "*"}]}
`,
      ].join('---'),
    );
    ({ herald, cluster } = await startClusterHerald(kube.kubeconfig, logs.logger, [
      '--kube-events=false',
    ]));
  });
  after(async () => {
    await herald.stop();
    await teams.close();
    await kube.close();
  });

  test('each type is Ready, and a webex Provider without token or room says what is missing', async () => {
    await waitFor(
      () =>
        kube.api
          .list(API_VERSION, 'Provider', 'apps')
          .every((provider) => provider.status !== undefined),
      'status on every Provider',
      30_000,
    );
    const rows = providerRows(await kubectl.ok(['get', 'providers', '-n', 'apps']));
    const summary = Object.fromEntries(
      [...rows].map(([name, row]) => [name, [row.TYPE, row.READY, row.STATUS]]),
    );
    assert.deepEqual(summary, {
      discord: ['discord', 'True', 'Provider is ready'],
      google: ['googlechat', 'True', 'Provider is ready'],
      msteams: ['msteams', 'True', 'Provider is ready'],
      rocket: ['rocket', 'True', 'Provider is ready'],
      webex: ['webex', 'True', 'Provider is ready'],
      telegram: ['telegram', 'True', 'Provider is ready'],
      'telegram-no-token': [
        'telegram',
        'False',
        "telegram posts as a bot: no 'token' key in Secret 'telegram-no-token-secret'",
      ],
      lark: ['lark', 'True', 'Provider is ready'],
      matrix: ['matrix', 'True', 'Provider is ready'],
      'matrix-no-room': [
        'matrix',
        'False',
        'matrix posts into a room: set spec.channel to its room id',
      ],
      zulip: ['zulip', 'True', 'Provider is ready'],
      zoom: ['zoom', 'True', 'Provider is ready'],
      'webex-no-room': [
        'webex',
        'False',
        'webex posts to a room: spec.channel (the room ID) is not set',
      ],
      'webex-no-token': [
        'webex',
        'False',
        "webex posts as a bot: no 'token' key in Secret 'webex-no-token-secret'",
      ],
    });
  });

  test('an event reaches the Teams stand-in through the msteams Provider', async () => {
    await waitFor(
      () =>
        (cluster.health.status?.() as { objects: { name: string; ready: boolean }[] }).objects.some(
          (object) => object.name === 'teams' && object.ready,
        ),
      'the Alert teams',
      30_000,
    );
    const before = teams.requests.length;
    assert.equal((await post(`http://127.0.0.1:${herald.eventsPort}/`, seedEvent())).status, 202);
    await teams.waitForRequests(before + 1);
    const request = teams.requests[before];
    assert.ok(request);
    assert.equal(request.path, '/workflows/zzz/triggers/manual/paths/invoke?sig=s3cr3t');
    assert.match(request.body.toString('utf8'), /^\{"type":"message","attachments":\[/);
  });
});
