import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FluxEvent } from '../../src/api/event.js';
import { encodeSlackPayload } from '../../src/notifiers/slack-payload.js';
import { validateSlackApiResponse } from '../../src/notifiers/slack.js';

/** Flux's `testEvent()` of its notifier tests. */
const fluxTestEvent: FluxEvent = {
  involvedObject: { kind: 'GitRepository', namespace: 'gitops-system', name: 'webapp' },
  severity: 'info',
  timestamp: '2024-05-01T12:00:00Z',
  message: 'message',
  reason: 'reason',
  metadata: { test: 'metadata' },
  reportingController: 'source-controller',
  reportingInstance: 'source-controller-xyz',
};

test("Flux's own Slack test case, byte for byte: channel test, no username", () => {
  // What Flux's json.Marshal writes for NewSlack(url, "", "", nil, "", "test") and testEvent().
  const flux =
    '{"channel":"test","username":"source-controller","icon_url":"","icon_emoji":"",' +
    '"attachments":[{"fallback":"gitrepository/webapp.gitops-system: message",' +
    '"color":"good","author_name":"gitrepository/webapp.gitops-system",' +
    '"text":"message","mrkdwn_in":["text"],' +
    '"fields":[{"title":"test","value":"metadata","short":false}]}]}';
  assert.equal(encodeSlackPayload(fluxTestEvent, { channel: 'test' }).toString('utf8'), flux);
});

test('no channel is sent as "", an error is danger, fields in Go key order', () => {
  const payload = encodeSlackPayload(
    {
      ...fluxTestEvent,
      severity: 'error',
      message: 'Health check *failed*',
      metadata: { summary: 'Cluster eu-1', revision: 'main@sha1:abc' },
    },
    { username: 'flux-bot' },
  );
  assert.equal(
    payload.toString('utf8'),
    '{"channel":"","username":"flux-bot","icon_url":"","icon_emoji":"",' +
      '"attachments":[{"fallback":"gitrepository/webapp.gitops-system: Health check *failed*",' +
      '"color":"danger","author_name":"gitrepository/webapp.gitops-system",' +
      '"text":"Health check *failed*","mrkdwn_in":["text"],"fields":[' +
      '{"title":"revision","value":"main@sha1:abc","short":false},' +
      '{"title":"summary","value":"Cluster eu-1","short":false}]}]}',
  );
});

test("the fallback is the author and the message's first line", () => {
  const payload = JSON.parse(
    encodeSlackPayload(
      { ...fluxTestEvent, message: 'Health check failed\nDeployment/apps/web: timed out' },
      {},
    ).toString('utf8'),
  ) as { attachments: [{ fallback: string }] };
  assert.equal(
    payload.attachments[0].fallback,
    'gitrepository/webapp.gitops-system: Health check failed',
  );
});

test('no metadata is an empty fields array; an empty username falls back', () => {
  const bare: FluxEvent = { ...fluxTestEvent };
  delete bare.metadata;
  const payload = JSON.parse(
    encodeSlackPayload(bare, { channel: '', username: '' }).toString('utf8'),
  ) as { username: string; attachments: [{ fields: unknown[] }] };
  assert.equal(payload.username, 'source-controller');
  assert.deepEqual(payload.attachments[0].fields, []);
});

test("Go's escaping (<, >, &, U+2028) and Go's lower-casing of the kind", () => {
  const payload = encodeSlackPayload(
    {
      ...fluxTestEvent,
      involvedObject: { kind: 'İΣ', namespace: 'a&b', name: '<x>' },
      message: 'line\u2028break',
      metadata: {},
    },
    {},
  ).toString('utf8');
  assert.match(payload, /"author_name":"iσ\/\\u003cx\\u003e\.a\\u0026b"/);
  assert.match(payload, /"text":"line\\u2028break"/);
});

test('trace events are good, only errors are danger', () => {
  const payload = encodeSlackPayload({ ...fluxTestEvent, severity: 'trace' }, {});
  assert.match(payload.toString('utf8'), /"color":"good"/);
});

const response = (body: string) => ({
  kind: 'response' as const,
  status: 200,
  statusText: 'OK',
  headers: {},
  body: Buffer.from(body),
});

test('the chat.postMessage validator reads ok and error', () => {
  assert.equal(validateSlackApiResponse(response('{"ok":true,"ts":"1"}')), undefined);
  assert.equal(
    validateSlackApiResponse(response('{"ok":false,"error":"channel_not_found"}')),
    'Slack responded with error: channel_not_found',
  );
  const notACode = 'Slack responded with an error that is not a Slack error code';
  assert.equal(validateSlackApiResponse(response('{}')), notACode);
  // A receiver's own text (here an echo of the request) is never quoted.
  assert.equal(
    validateSlackApiResponse(response('{"ok":false,"error":"Cannot POST /services/T0/B0/x"}')),
    notACode,
  );
  assert.equal(
    validateSlackApiResponse(response('ok')),
    'Slack responded with a body that is not a JSON object',
  );
});
