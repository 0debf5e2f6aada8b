import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FluxEvent } from '../../src/api/event.js';
import { DeliveryError } from '../../src/http/delivery-error.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { createPagerDutyNotifier } from '../../src/notifiers/pagerduty.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { PAGERDUTY_THROTTLED, pagerDutyEventsApi } from '../support/pagerduty-stand-in.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
const UID = '7d0cdc51-ddcf-4743-b223-83ca5c699632';

const object = {
  kind: 'HelmRelease',
  name: 'Podinfo',
  namespace: 'apps',
  uid: UID,
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
};

/** An event of the HelmRelease above, from helm-controller. */
const helmEvent = (overrides: Partial<FluxEvent>): FluxEvent =>
  sampleEvent({ involvedObject: object, reportingController: 'helm-controller', ...overrides });

describe('pagerduty notifier against a stand-in for the Events API v2', () => {
  let server: CaptureServer;
  let target: ProviderTarget;
  before(async () => {
    server = await startCaptureServer({ defaultReply: pagerDutyEventsApi() });
    // The path of the address is dropped: Flux posts to the host's /v2/… endpoints.
    target = sampleTarget({
      type: 'pagerduty',
      address: `${server.url}/integration/path`,
      channel: ROUTING_KEY,
    });
  });
  after(() => server.close());

  test("an error triggers an incident with Flux's payload, byte for byte", async () => {
    const notifier = createPagerDutyNotifier(target, createTestDeps().deps);
    const before = server.requests.length;
    await notifier.post(
      helmEvent({
        severity: 'error',
        reason: 'UpgradeFailed',
        message: 'Helm upgrade failed: <timeout>',
        metadata: { revision: '6.5.0', summary: 'prod' },
      }),
    );
    assert.equal(server.requests.length - before, 1);
    const request = server.requests[before];
    assert.ok(request);
    assert.equal(request.path, '/v2/enqueue');
    assert.equal(request.headers.authorization, undefined);
    assert.equal(
      request.body.toString('utf8'),
      `{"routing_key":"${ROUTING_KEY}","event_action":"trigger","dedup_key":"${UID}",` +
        '"payload":{"summary":"upgrade failed: helmrelease/podinfo","source":"Flux helm-controller",' +
        '"severity":"error","timestamp":"2024-05-01T12:00:00Z","component":"Podinfo",' +
        '"group":"HelmRelease","custom_details":{"message":"Helm upgrade failed: \\u003ctimeout\\u003e",' +
        '"metadata":{"revision":"6.5.0","summary":"prod"}}}}',
    );
    await notifier.close();
  });

  test('an info event resolves the incident, then is sent as a change event', async () => {
    const notifier = createPagerDutyNotifier(target, createTestDeps().deps);
    const before = server.requests.length;
    await notifier.post(
      helmEvent({ reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded' }),
    );
    const [resolve, change] = server.requests.slice(before);
    assert.ok(resolve && change);
    assert.equal(resolve.path, '/v2/enqueue');
    assert.equal(
      resolve.body.toString('utf8'),
      `{"routing_key":"${ROUTING_KEY}","event_action":"resolve","dedup_key":"${UID}"}`,
    );
    assert.equal(change.path, '/v2/change/enqueue');
    assert.equal(
      change.body.toString('utf8'),
      `{"routing_key":"${ROUTING_KEY}","payload":{"summary":"upgrade succeeded: helmrelease/podinfo",` +
        '"source":"Flux helm-controller","timestamp":"2024-05-01T12:00:00Z",' +
        '"custom_details":{"message":"Helm upgrade succeeded","metadata":null}}}',
    );
    await notifier.close();
  });

  test('Progressing events are skipped; trace events only resolve', async () => {
    const notifier = createPagerDutyNotifier(target, createTestDeps().deps);
    const before = server.requests.length;
    await notifier.post(helmEvent({ reason: 'Progressing' }));
    assert.equal(server.requests.length, before);
    await notifier.post(helmEvent({ severity: 'trace' }));
    assert.deepEqual(
      server.requests.slice(before).map((request) => request.path),
      ['/v2/enqueue'],
    );
    await notifier.close();
  });

  test('a long reason is cut to the 1,024 characters of a summary', async () => {
    const notifier = createPagerDutyNotifier(target, createTestDeps().deps);
    const before = server.requests.length;
    await notifier.post(helmEvent({ severity: 'error', reason: 'Failed'.repeat(300) }));
    const sent = JSON.parse(server.requests[before]?.body.toString() ?? '') as {
      payload: { summary: string };
    };
    assert.equal(sent.payload.summary.length, 1_024);
    assert.ok(sent.payload.summary.endsWith(TRUNCATION_MARKER));
    await notifier.close();
  });

  test('a 429 is retried with backoff; a 400 is final and shows no routing key', async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createPagerDutyNotifier(target, deps);
    server.reply(PAGERDUTY_THROTTLED);
    await notifier.post(helmEvent({ severity: 'error' }));
    assert.deepEqual(delays, [2_000]);
    // Without a UID there is no dedup_key: PagerDuty refuses the resolve, as it refuses Flux's.
    await assert.rejects(
      notifier.post(sampleEvent({ involvedObject: { ...object, uid: '' } })),
      (error: unknown) => {
        assert.ok(error instanceof DeliveryError);
        assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
        assert.equal(error.status, 400);
        assert.ok(!error.message.includes(ROUTING_KEY), error.message);
        return true;
      },
    );
    await notifier.close();
  });

  test('no routing key is refused when the notifier is built', () => {
    assert.throws(
      () => createPagerDutyNotifier({ ...target, channel: '' }, createTestDeps().deps),
      { code: 'HERALD_PROVIDER_INVALID_CHANNEL' },
    );
  });
});
