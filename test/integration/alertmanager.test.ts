import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryError } from '../../src/http/delivery-error.js';
import { createAlertmanagerNotifier } from '../../src/notifiers/alertmanager.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { createTestDeps } from '../support/notifier-deps.js';
import {
  ALERTMANAGER_PASSWORD,
  ALERTMANAGER_USER,
  realAlertmanagerSkipReason,
  startRealAlertmanager,
  type ListedAlert,
  type RealAlertmanager,
} from '../support/real-alertmanager.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'am-bearer-secret-token';

const alertmanagerTarget = (overrides: Partial<ProviderTarget>) =>
  sampleTarget({ type: 'alertmanager', ...overrides });

const failedEvent = sampleEvent({
  severity: 'error',
  reason: 'HealthCheckFailed',
  message: 'Health check failed after 30s: <Deployment/apps/web> not ready',
  timestamp: '2024-05-01T12:00:00.75Z',
  metadata: { revision: 'main@sha1:abc', summary: 'Production cluster' },
});

describe('alertmanager notifier: the payload, against a stand-in', () => {
  let server: CaptureServer;
  before(async () => {
    server = await startCaptureServer();
  });
  after(() => server.close());

  test("posts Flux's alert array, byte for byte, with the bearer token", async () => {
    const notifier = createAlertmanagerNotifier(
      alertmanagerTarget({ address: `${server.url}/api/v2/alerts`, token: TOKEN }),
      createTestDeps().deps,
    );
    const before = server.requests.length;
    await notifier.post(failedEvent);
    const request = server.requests[before];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/api/v2/alerts');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
    // Labels and annotations in Go's key order; summary moved out of the labels; the reason
    // title-cased as x/text does it (the rest of the word lower-cased); Go's escaping of < >.
    assert.equal(
      request.body.toString('utf8'),
      '[{"status":"firing","labels":{"alertname":"FluxKustomizationHealthcheckfailed",' +
        '"kind":"Kustomization","name":"apps","namespace":"flux-system",' +
        '"reason":"HealthCheckFailed","reportingcontroller":"kustomize-controller",' +
        '"revision":"main@sha1:abc","severity":"error"},' +
        '"annotations":{"message":"Health check failed after 30s: \\u003cDeployment/apps/web\\u003e not ready",' +
        '"summary":"Production cluster"},' +
        '"startsAt":"2024-05-01T12:00:00Z","endsAt":"0001-01-01T00:00:00Z"}]',
    );
    await notifier.close();
  });

  test('basic auth replaces the bearer token when both a username and a password are set', async () => {
    const notifier = createAlertmanagerNotifier(
      alertmanagerTarget({ address: server.url, token: TOKEN, username: 'u', password: 'p' }),
      createTestDeps().deps,
    );
    const before = server.requests.length;
    await notifier.post(sampleEvent());
    assert.equal(
      server.requests[before]?.headers.authorization,
      `Basic ${Buffer.from('u:p').toString('base64')}`,
    );
    await notifier.close();
  });

  test('a username without a password sends the token alone; nothing set, no header', async () => {
    const withToken = createAlertmanagerNotifier(
      alertmanagerTarget({ address: server.url, token: TOKEN, username: 'u' }),
      createTestDeps().deps,
    );
    const bare = createAlertmanagerNotifier(
      alertmanagerTarget({ address: server.url }),
      createTestDeps().deps,
    );
    const before = server.requests.length;
    await withToken.post(sampleEvent());
    await bare.post(sampleEvent());
    assert.equal(server.requests[before]?.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(server.requests[before + 1]?.headers.authorization, undefined);
    await withToken.close();
    await bare.close();
  });

  test('metadata labels never override the ones Flux sets', async () => {
    const notifier = createAlertmanagerNotifier(
      alertmanagerTarget({ address: server.url }),
      createTestDeps().deps,
    );
    const before = server.requests.length;
    await notifier.post(sampleEvent({ metadata: { severity: 'fake', name: 'other' } }));
    const alerts = JSON.parse(server.requests[before]?.body.toString() ?? '') as ListedAlert[];
    const alert = alerts[0];
    assert.ok(alert);
    assert.equal(alert.labels.severity, 'info');
    assert.equal(alert.labels.name, 'apps');
    assert.deepEqual(alert.annotations, { message: 'Reconciliation finished' });
    await notifier.close();
  });

  test('a 400 is final and its error holds no credential; a 429 is retried', async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createAlertmanagerNotifier(
      alertmanagerTarget({ address: server.url, token: TOKEN }),
      deps,
    );
    server.reply({ status: 400, body: `{"code":400,"message":"bad label ${TOKEN}"}` });
    await assert.rejects(notifier.post(sampleEvent()), (error: unknown) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
      assert.equal(error.attempts, 1);
      assert.ok(!error.message.includes(TOKEN), error.message);
      return true;
    });
    server.reply({ status: 429, headers: { 'Retry-After': '3' } });
    await notifier.post(sampleEvent());
    assert.deepEqual(delays, [3_000]);
    await notifier.close();
  });
});

describe(
  'alertmanager notifier against a real Alertmanager',
  { skip: realAlertmanagerSkipReason() },
  () => {
    let alertmanager: RealAlertmanager;
    before(async () => {
      alertmanager = await startRealAlertmanager();
    });
    after(() => alertmanager.close());

    test('the alert Herald posts is listed by the API with its labels and annotations', async () => {
      const notifier = createAlertmanagerNotifier(
        alertmanagerTarget({ address: `${alertmanager.url}/api/v2/alerts` }),
        createTestDeps().deps,
      );
      // Recent enough that Alertmanager does not resolve it at once.
      const timestamp = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
      await notifier.post({ ...failedEvent, timestamp });
      const alerts = await waitFor(async () => {
        const listed = await alertmanager.alerts();
        return listed.length > 0 && listed;
      }, 'the alert to be listed');
      assert.equal(alerts.length, 1);
      const alert = alerts[0];
      assert.ok(alert);
      assert.deepEqual(alert.labels, {
        alertname: 'FluxKustomizationHealthcheckfailed',
        kind: 'Kustomization',
        name: 'apps',
        namespace: 'flux-system',
        reason: 'HealthCheckFailed',
        reportingcontroller: 'kustomize-controller',
        revision: 'main@sha1:abc',
        severity: 'error',
      });
      assert.deepEqual(alert.annotations, {
        message: 'Health check failed after 30s: <Deployment/apps/web> not ready',
        summary: 'Production cluster',
      });
      assert.equal(alert.status.state, 'active');
      assert.equal(Date.parse(alert.startsAt), Date.parse(timestamp));
      // The zero endsAt left Alertmanager to apply its resolve_timeout (5 minutes by default).
      assert.ok(Date.parse(alert.endsAt) > Date.now(), alert.endsAt);
      await notifier.close();
    });

    test('a label name Alertmanager refuses is a final rejection (400)', async () => {
      const notifier = createAlertmanagerNotifier(
        alertmanagerTarget({ address: `${alertmanager.url}/api/v2/alerts` }),
        createTestDeps().deps,
      );
      await assert.rejects(
        notifier.post(sampleEvent({ metadata: { 'kustomize.toolkit.fluxcd.io/x': 'y' } })),
        (error: unknown) => {
          assert.ok(error instanceof DeliveryError);
          assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
          assert.equal(error.status, 400);
          return true;
        },
      );
      await notifier.close();
    });
  },
);

describe(
  'alertmanager notifier against a real Alertmanager asking for basic auth',
  { skip: realAlertmanagerSkipReason() },
  () => {
    let alertmanager: RealAlertmanager;
    before(async () => {
      alertmanager = await startRealAlertmanager({ basicAuth: true });
    });
    after(() => alertmanager.close());

    test('username and password from the Secret are accepted; a wrong password is refused', async () => {
      const address = `${alertmanager.url}/api/v2/alerts`;
      const good = createAlertmanagerNotifier(
        alertmanagerTarget({
          address,
          username: ALERTMANAGER_USER,
          password: ALERTMANAGER_PASSWORD,
        }),
        createTestDeps().deps,
      );
      await good.post(sampleEvent({ severity: 'error', timestamp: new Date().toISOString() }));
      const listed = await waitFor(async () => {
        const alerts = await alertmanager.alerts();
        return alerts.length > 0 && alerts;
      }, 'the alert to be listed');
      assert.equal(listed[0]?.labels.alertname, 'FluxKustomizationReconciliationsucceeded');

      const wrong = createAlertmanagerNotifier(
        alertmanagerTarget({ address, username: ALERTMANAGER_USER, password: 'not-the-password' }),
        createTestDeps().deps,
      );
      await assert.rejects(wrong.post(sampleEvent()), (error: unknown) => {
        assert.ok(error instanceof DeliveryError);
        assert.equal(error.status, 401);
        assert.ok(!error.message.includes('not-the-password'), error.message);
        return true;
      });
      await good.close();
      await wrong.close();
    });

    test("credentials in the address's userinfo are sent as basic auth, as Flux's docs show", async () => {
      const url = new URL(`${alertmanager.url}/api/v2/alerts`);
      url.username = ALERTMANAGER_USER;
      url.password = ALERTMANAGER_PASSWORD;
      const notifier = createAlertmanagerNotifier(
        alertmanagerTarget({ address: url.href }),
        createTestDeps().deps,
      );
      await notifier.post(
        sampleEvent({ reason: 'Progressing', timestamp: new Date().toISOString() }),
      );
      await waitFor(async () => {
        const alerts = await alertmanager.alerts();
        return alerts.some((alert) => alert.labels.alertname === 'FluxKustomizationProgressing');
      }, 'the alert posted with userinfo credentials');
      await notifier.close();
    });
  },
);
