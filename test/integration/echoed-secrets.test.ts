import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ClusterMode } from '../../src/cluster/cluster-mode.js';
import type { RunningHerald } from '../../src/herald.js';
import type { JsonObject } from '../apiserver/json.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { echoBody, echoReply } from '../support/echo-reply.js';
import { post } from '../support/event-api-harness.js';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy.js';
import { startKubeFixture, type KubeFixture } from '../support/kube-fixture.js';
import { findLeaks } from '../support/leak-scan.js';
import { captureLogs } from '../support/log-capture.js';
import { startClusterHerald, startLocalHerald } from '../support/mode-harness.js';
import { waitFor } from '../support/wait-for.js';

/**
 * One secret of each kind a Provider holds, with characters that make their encodings differ
 * (space, quote, backslash, `&`, `/`, `+`, `:`, non-ASCII).
 */
const SECRETS = {
  webhookPath: 'päth-sëcret-0a1b',
  queryToken: 'q tok&en=9/8+7',
  headerValue: 'hdr"secret\\value-2c3d',
  hmacKey: 'hmac-k€y-4e5f',
  hmacHeader: 'sig"ned-6a7b',
  slackPath: 'xoxSLACKpath8c9d',
  slackToken: 'xoxb-slack"tok-1e2f',
  lokiPassword: 'lo:ki pass"wörd-3a4b',
  lokiTenant: 'tenant-secret-5c6d',
  proxyPassword: 'pr0xy p@ss:w"d-7e8f',
};
const LOKI_USER = 'loki-user';
const PROXY_USER = 'proxy-user';
/** What Basic auth base64-encodes, for the Authorization and Proxy-Authorization headers. */
const CREDENTIAL_PAIRS = {
  lokiBasicAuth: `${LOKI_USER}:${SECRETS.lokiPassword}`,
  proxyBasicAuth: `${PROXY_USER}:${SECRETS.proxyPassword}`,
};
const ALL_SECRETS = { ...SECRETS, ...CREDENTIAL_PAIRS };
const ALERTS = ['hook', 'signed', 'slack', 'loki'];

/**
 * The receiver answers each Provider with an echo of its request, as Express and Spring do: a
 * final 404 for the webhook, 503s (retried at once) for the signed one, a 400 for Slack. Loki
 * goes through a proxy that refuses it with a 407 echoing `Proxy-Authorization`.
 */
function echoingReceiver(): Promise<CaptureServer> {
  const notFound = echoReply(404);
  const unavailable = echoReply(503, { 'Retry-After': '0' });
  const badRequest = echoReply(400);
  return startCaptureServer({
    defaultReply: (request) => {
      if (request.path.startsWith('/signed')) return unavailable(request);
      if (request.path.startsWith('/services')) return badRequest(request);
      return notFound(request);
    },
  });
}

function manifests(receiver: CaptureServer, proxy: ForwardProxy): JsonObject[] {
  const meta = (name: string) => ({ name, namespace: 'apps' });
  const secret = (name: string, stringData: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(name),
    stringData,
  });
  const provider = (name: string, spec: JsonObject) => ({
    apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
    kind: 'Provider',
    metadata: meta(name),
    spec: { secretRef: { name }, ...spec },
  });
  const enc = encodeURIComponent;
  return [
    secret('hook', {
      address: `${receiver.url}/hooks/${enc(SECRETS.webhookPath)}?token=${enc(SECRETS.queryToken)}&team=ops`,
      headers: stringify({ 'X-Api-Key': SECRETS.headerValue }),
    }),
    provider('hook', { type: 'generic' }),
    secret('signed', {
      address: `${receiver.url}/signed`,
      token: SECRETS.hmacKey,
      headers: stringify({ Authorization: `Token ${SECRETS.hmacHeader}` }),
    }),
    provider('signed', { type: 'generic-hmac' }),
    secret('slack', {
      address: `${receiver.url}/services/T000/B000/${SECRETS.slackPath}`,
      token: SECRETS.slackToken,
    }),
    provider('slack', { type: 'slack', channel: 'ops' }),
    secret('loki', {
      username: LOKI_USER,
      password: SECRETS.lokiPassword,
      headers: stringify({ 'X-Scope-OrgID': SECRETS.lokiTenant }),
    }),
    secret('loki-proxy', {
      address: proxy.url,
      username: PROXY_USER,
      password: SECRETS.proxyPassword,
    }),
    provider('loki', {
      type: 'loki',
      address: receiver.url,
      proxySecretRef: { name: 'loki-proxy' },
    }),
    ...ALERTS.map((name) => ({
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
      kind: 'Alert',
      metadata: meta(name),
      spec: { providerRef: { name }, eventSources: [{ kind: 'Kustomization', name: '*' }] },
    })),
  ];
}

/** The probe is only worth something if the answers really carried every secret. */
function assertEchoesCarrySecrets(receiver: CaptureServer, proxy: ForwardProxy): void {
  const echoed = {
    receiver: receiver.requests.map((request) => echoBody(request, 404)),
    proxy: proxy.refusals,
  };
  const carried = new Set(findLeaks(echoed, ALL_SECRETS).map((leak) => leak.split(' ')[1]));
  // The HMAC key never travels; the passwords travel only inside their base64 pairs.
  const travelling = Object.keys(ALL_SECRETS).filter(
    (name) => !['hmacKey', 'lokiPassword', 'proxyPassword'].includes(name),
  );
  for (const name of travelling) {
    assert.ok(carried.has(name), `the echoes carry ${name}`);
  }
}

/** What each Alert's failure should still say: status, attempts. */
function assertSaysWhatHappened(errors: ReadonlyMap<string, string>): void {
  assert.match(errors.get('hook') ?? '', /was rejected on attempt 1: HTTP 404 Not Found$/);
  assert.match(
    errors.get('signed') ?? '',
    /failed after 5 attempts: HTTP 503 Service Unavailable$/,
  );
  assert.match(errors.get('slack') ?? '', /HTTP 400 Bad Request$/);
  assert.match(errors.get('loki') ?? '', /HTTP 407 Proxy Authentication Required$/);
}

describe('echoed requests leak no secret: local mode', () => {
  let receiver: CaptureServer;
  let proxy: ForwardProxy;
  let herald: RunningHerald;
  let dir: string;
  const logs = captureLogs('debug');

  before(async () => {
    receiver = await echoingReceiver();
    proxy = await startForwardProxy({ refuseWith: 407 });
    dir = await mkdtemp(join(tmpdir(), 'herald-echo-'));
    const documents = manifests(receiver, proxy).map((object) => stringify(object));
    await writeFile(join(dir, 'all.yaml'), documents.join('---\n'));
    herald = await startLocalHerald(dir, logs.logger, ['--log-level=debug']);
  });
  after(async () => {
    await herald.stop();
    await Promise.all([receiver.close(), proxy.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  test('logs and /status say what failed, without any secret in any encoding', async () => {
    assert.equal((await post(`http://127.0.0.1:${herald.eventsPort}/`, seedEvent())).status, 202);
    const statusUrl = `http://127.0.0.1:${herald.healthPort}/status`;
    type Status = { objects: { name: string; lastDispatch?: { error?: string } }[] };
    const status = await waitFor(async () => {
      const body = (await (await fetch(statusUrl)).json()) as Status;
      const failed = body.objects.filter((object) => object.lastDispatch?.error !== undefined);
      return failed.length === ALERTS.length ? body : undefined;
    }, 'a failed dispatch on every Alert');
    assertEchoesCarrySecrets(receiver, proxy);
    assert.deepEqual(findLeaks({ logs: logs.lines(), status }, ALL_SECRETS), []);
    assertSaysWhatHappened(
      new Map(status.objects.map((object) => [object.name, object.lastDispatch?.error ?? ''])),
    );
    const excerpts = logs
      .lines()
      .filter((line) => line.msg === 'Receiver did not accept a delivery attempt');
    assert.ok(excerpts.length >= ALERTS.length, 'a debug line per refused attempt');
    assert.match(String(excerpts[0]?.body), /\*\*\*/);
  });
});

describe('echoed requests leak no secret: cluster mode', () => {
  let receiver: CaptureServer;
  let proxy: ForwardProxy;
  let kube: KubeFixture;
  let cluster: ClusterMode;
  let herald: RunningHerald;
  const logs = captureLogs('debug');

  before(async () => {
    receiver = await echoingReceiver();
    proxy = await startForwardProxy({ refuseWith: 407 });
    kube = await startKubeFixture(['apps']);
    for (const object of manifests(receiver, proxy)) kube.api.create(object);
    ({ herald, cluster } = await startClusterHerald(kube.kubeconfig, logs.logger, [
      '--log-level=debug',
    ]));
  });
  after(async () => {
    await herald.stop();
    await Promise.all([receiver.close(), proxy.close()]);
    await kube.close();
  });

  test("logs, the Alerts' status and Kubernetes Events carry no secret in any encoding", async () => {
    const alertsReady = () =>
      kube.api
        .list('notification.toolkit.fluxcd.io/v1beta3', 'Alert', 'apps')
        .filter((alert) => JSON.stringify(alert.status ?? {}).includes('"status":"True"'));
    await waitFor(() => alertsReady().length === ALERTS.length, 'every Alert to be ready');
    assert.equal((await post(`http://127.0.0.1:${herald.eventsPort}/`, seedEvent())).status, 202);
    const failedAlerts = await waitFor(() => {
      const alerts = kube.api.list('notification.toolkit.fluxcd.io/v1beta3', 'Alert', 'apps');
      const failed = alerts.filter(
        (alert) =>
          (alert.status as { lastDispatch?: { error?: string } } | undefined)?.lastDispatch?.error,
      );
      return failed.length === ALERTS.length ? alerts : undefined;
    }, "a failed lastDispatch in every Alert's status");
    const events = await waitFor(() => {
      const listed = kube.api
        .list('v1', 'Event', 'apps')
        .filter((event) => event.reason === 'NotificationDispatchFailed');
      return listed.length >= ALERTS.length ? listed : undefined;
    }, 'a NotificationDispatchFailed Event per Alert');
    assertEchoesCarrySecrets(receiver, proxy);
    const providers = kube.api.list('notification.toolkit.fluxcd.io/v1beta3', 'Provider', 'apps');
    assert.deepEqual(
      findLeaks(
        {
          logs: logs.lines(),
          alerts: failedAlerts.map((alert) => alert.status),
          providers: providers.map((provider) => provider.status),
          events,
          status: cluster.health.status?.(),
        },
        ALL_SECRETS,
      ),
      [],
    );
    assertSaysWhatHappened(
      new Map(
        failedAlerts.map((alert) => [
          alert.metadata.name ?? '',
          (alert.status as { lastDispatch: { error: string } }).lastDispatch.error,
        ]),
      ),
    );
  });
});
