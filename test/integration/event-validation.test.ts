import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { post, startEventApi, type EventApiHarness } from '../support/event-api-harness.js';
import { seedEvent } from '../fixtures/seed-event.js';
import type { FluxEvent } from '../../src/api/event.js';
import { EVENT_FIELD_LIMITS } from '../../src/api/event-schema.js';
import { encodeFluxEventJson } from '../../src/notifiers/flux-event-json.js';
import { createGenericNotifier } from '../../src/notifiers/generic.js';
import { toLokiEntry } from '../../src/notifiers/loki-entry.js';
import { startCaptureServer } from '../support/capture-server.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleTarget } from '../support/sample-target.js';

interface Refusal {
  error: string;
  details: { field: string; message: string }[];
}

describe('Event API validation over a real socket: what is accepted can be delivered', () => {
  let api: EventApiHarness;
  let sequence = 0;
  /** The seed event, made unique so the rate limiter never answers for the validator. */
  const unique = () => ({ ...seedEvent(), message: `shape ${String(++sequence)}` });
  before(async () => {
    api = await startEventApi();
  });
  after(() => api.close());

  for (const timestamp of [
    '2022-10-28 07:26:19Z',
    '2022-10-28T09:26:19+0200',
    '2022-10-28T09:26:19+02',
    '2022-10-28t07:26:19z',
    '2022-10-28T07:26:60Z',
  ]) {
    test(`timestamp ${timestamp} (refused by Go) is 400 naming /timestamp`, async () => {
      const response = await post(`${api.url}/`, { ...unique(), timestamp });
      assert.equal(response.status, 400);
      const body = JSON.parse(response.text) as Refusal;
      assert.deepEqual(
        body.details.map((detail) => detail.field),
        ['/timestamp'],
      );
      assert.match(body.details[0]?.message ?? '', /RFC 3339/);
    });
  }

  test('timestamps Go reads but a strict RFC 3339 check would not are accepted and deliver', async () => {
    for (const timestamp of ['2022-10-28T7:26:19Z', '2022-10-28T07:26:19,5+24:00']) {
      const response = await post(`${api.url}/`, { ...unique(), timestamp });
      assert.equal(response.status, 202, timestamp);
      const event = api.accepted.at(-1)?.event;
      assert.ok(event !== undefined);
      assert.doesNotThrow(() => encodeFluxEventJson(event), timestamp);
      assert.doesNotThrow(() => toLokiEntry(event), timestamp);
    }
  });

  test('a megabyte reportingController, once a 202 then a 431 at the receiver, is 400', async () => {
    const response = await post(`${api.url}/`, {
      ...unique(),
      reportingController: 'x'.repeat(1024 * 1024),
    });
    assert.equal(response.status, 400);
    assert.deepEqual((JSON.parse(response.text) as Refusal).details, [
      { field: '/reportingController', message: 'must be at most 317 characters' },
    ]);
  });

  test('a reportingController with CR LF, which no header can carry, is 400', async () => {
    const response = await post(`${api.url}/`, {
      ...unique(),
      reportingController: 'kustomize-controller\r\nX-Injected: 1',
    });
    assert.equal(response.status, 400);
    assert.deepEqual(
      (JSON.parse(response.text) as Refusal).details.map((detail) => detail.field),
      ['/reportingController'],
    );
  });

  test('an event with every field at its limit is accepted and delivered by a generic webhook', async () => {
    const at = (limit: number) => 'x'.repeat(limit);
    const event: FluxEvent = {
      involvedObject: {
        kind: at(EVENT_FIELD_LIMITS.kind),
        name: at(EVENT_FIELD_LIMITS.name),
        namespace: at(EVENT_FIELD_LIMITS.namespace),
        apiVersion: `kustomize.toolkit.fluxcd.io/${at(EVENT_FIELD_LIMITS.apiVersion - 28)}`,
        uid: at(EVENT_FIELD_LIMITS.uid),
        resourceVersion: at(EVENT_FIELD_LIMITS.resourceVersion),
        fieldPath: at(EVENT_FIELD_LIMITS.fieldPath),
      },
      severity: 'info',
      timestamp: '2022-10-28T07:26:19Z',
      message: `limits ${at(30_000)}`,
      reason: at(EVENT_FIELD_LIMITS.reason),
      metadata: {
        [`event.toolkit.fluxcd.io/${at(EVENT_FIELD_LIMITS.metadataKey - 24)}`]: at(
          EVENT_FIELD_LIMITS.metadataValue,
        ),
      },
      reportingController: at(EVENT_FIELD_LIMITS.reportingController),
      reportingInstance: at(EVENT_FIELD_LIMITS.reportingInstance),
    };
    assert.equal((await post(`${api.url}/`, event)).status, 202);
    const accepted = api.accepted.at(-1)?.event;
    assert.ok(accepted !== undefined);
    // A receiver with Node's default limits (16 KiB of headers) takes it.
    const receiver = await startCaptureServer({ defaultReply: { status: 202 } });
    const notifier = createGenericNotifier(
      sampleTarget({ address: receiver.url }),
      createTestDeps().deps,
    );
    try {
      await notifier.post(accepted);
      assert.equal(receiver.requests.at(-1)?.headers['gotk-component'], event.reportingController);
    } finally {
      await notifier.close();
      await receiver.close();
    }
  });
});
