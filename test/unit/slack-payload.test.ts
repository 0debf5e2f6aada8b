import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSlackPayload } from '../../src/notifiers/slack-payload.js';
import { validateSlackApiResponse } from '../../src/notifiers/slack.js';
import { sampleEvent } from '../support/sample-event.js';

test("builds Flux's attachment: colour, author, text, markdown and sorted fields", () => {
  const payload = buildSlackPayload(
    sampleEvent({
      severity: 'error',
      message: 'Health check *failed*',
      metadata: { summary: 'Cluster eu-1', revision: 'main@sha1:abc' },
    }),
    { channel: '#ops', username: 'flux-bot' },
  );
  assert.deepEqual(payload, {
    channel: '#ops',
    username: 'flux-bot',
    attachments: [
      {
        fallback: 'kustomization/apps.flux-system: Health check *failed*',
        color: 'danger',
        author_name: 'kustomization/apps.flux-system',
        text: 'Health check *failed*',
        mrkdwn_in: ['text'],
        fields: [
          { title: 'revision', value: 'main@sha1:abc', short: false },
          { title: 'summary', value: 'Cluster eu-1', short: false },
        ],
      },
    ],
  });
});

test('without channel or username: no channel, the reporting controller as username', () => {
  const payload = buildSlackPayload(sampleEvent({ severity: 'info' }), {
    channel: '',
    username: '',
  });
  assert.equal('channel' in payload, false);
  assert.equal(payload.username, 'kustomize-controller');
  assert.equal(payload.attachments[0].color, 'good');
  assert.deepEqual(payload.attachments[0].fields, []);
});

test('trace events are good, only errors are danger', () => {
  assert.equal(
    buildSlackPayload(sampleEvent({ severity: 'trace' }), {}).attachments[0].color,
    'good',
  );
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
  assert.equal(validateSlackApiResponse(response('{}')), 'Slack responded with error: ');
  assert.equal(
    validateSlackApiResponse(response('ok')),
    'Slack responded with a body that is not JSON',
  );
});
