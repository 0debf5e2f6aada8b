import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryError } from '../../src/http/delivery-error.js';
import { INCIDENT_IO_PROVIDER } from '../../src/providers/incident-io.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

const TOKEN = 'inc_live_secretAlertSourceToken';
const SOURCE_PATH = '/v2/alert_events/http/01HXYZALERTSOURCE';
const UID = '2f5c9d21-b62c-4a35-9b17-1b0f4c8e2d3a';

describe('incident.io notifier against an HTTP alert source stand-in', () => {
  let server: CaptureServer;
  before(async () => {
    // incident.io accepts an alert event with 202.
    server = await startCaptureServer({
      defaultReply: {
        status: 202,
        body: '{"status":"success","message":"Event accepted for processing"}',
      },
    });
  });
  after(() => server.close());

  const incidentIo = () => {
    const { deps, delays } = createTestDeps();
    const target = sampleTarget({
      type: 'incident.io',
      address: `${server.url}${SOURCE_PATH}`,
      token: TOKEN,
    });
    return { notifier: INCIDENT_IO_PROVIDER.createNotifier(target, deps), delays };
  };

  const event = sampleEvent({
    involvedObject: { ...sampleEvent().involvedObject, uid: UID },
    severity: 'error',
    reason: 'HealthCheckFailed',
    message: 'health check failed',
    metadata: { summary: 'Production cluster', severity: 'overridden' },
  });

  test("POSTs Flux's alert event, firing for an error, keyed by the object's UID", async () => {
    const { notifier } = incidentIo();
    const first = server.requests.length;
    await notifier.post(event);
    const request = server.requests[first];
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, SOURCE_PATH);
    assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(
      request.body.toString('utf8'),
      '{"title":"kustomization/apps.flux-system: HealthCheckFailed","status":"firing",' +
        `"deduplication_key":"${UID}","description":"health check failed",` +
        '"metadata":{"reason":"HealthCheckFailed","reportingController":"kustomize-controller",' +
        '"severity":"error","summary":"Production cluster"}}',
    );
    await notifier.close();
  });

  test('an info event resolves the same key', async () => {
    const { notifier } = incidentIo();
    const first = server.requests.length;
    await notifier.post({ ...event, severity: 'info', reason: 'ReconciliationSucceeded' });
    const payload = JSON.parse(server.requests[first]?.body.toString() ?? '') as Record<
      string,
      unknown
    >;
    assert.equal(payload.status, 'resolved');
    assert.equal(payload.deduplication_key, UID);
    await notifier.close();
  });

  test('a Progressing event is not sent', async () => {
    const { notifier } = incidentIo();
    const first = server.requests.length;
    await notifier.post({ ...event, severity: 'info', reason: 'Progressing' });
    assert.equal(server.requests.length, first);
    await notifier.close();
  });

  test('a 429 is retried, honouring Retry-After', async () => {
    const { notifier, delays } = incidentIo();
    server.reply({ status: 429, headers: { 'Retry-After': '2' }, body: '{"type":"rate_limited"}' });
    await notifier.post(event);
    assert.deepEqual(delays, [2_000]);
    await notifier.close();
  });

  test('a 422 is a final rejection that names neither token nor source', async () => {
    const { notifier } = incidentIo();
    server.reply({
      status: 422,
      body: `{"type":"validation_error","status":422,"errors":[{"message":"bad ${TOKEN}"}]}`,
    });
    await assert.rejects(notifier.post(event), (error: unknown) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.code, 'HERALD_DELIVERY_REJECTED');
      assert.equal(error.attempts, 1);
      assert.ok(!error.message.includes(TOKEN), error.message);
      assert.ok(!error.message.includes('01HXYZALERTSOURCE'), error.message);
      return true;
    });
    await notifier.close();
  });
});
