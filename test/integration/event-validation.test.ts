import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { post, startEventApi, type EventApiHarness } from '../support/event-api-harness.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { encodeFluxEventJson } from '../../src/notifiers/flux-event-json.js';
import { toLokiEntry } from '../../src/notifiers/loki-entry.js';

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
});
