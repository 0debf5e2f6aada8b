import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMsTeamsNotifier, MSTEAMS_MESSAGE_LIMIT } from '../../src/notifiers/msteams.js';
import type { ProviderTarget } from '../../src/notifiers/notifier.js';
import { TRUNCATION_MARKER } from '../../src/notifiers/truncate-text.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy.js';
import { assertDeliveryFails, assertJsonPost, deliverOne } from '../support/deliver-one.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { sampleTarget } from '../support/sample-target.js';

/** Where Teams Workflows (Power Automate) webhooks live; the signature is the secret. */
const WORKFLOW_PATH =
  '/workflows/0c1d/triggers/manual/paths/invoke?api-version=2016-06-01&sig=wf-signature-secret';

const failedEvent = sampleEvent({
  severity: 'error',
  message: 'Health check failed <web> & "db"',
  metadata: { summary: 'Cluster eu-1', revision: 'main@sha1:abc', Zone: 'a' },
});

const teamsTarget = (overrides: Partial<ProviderTarget>) =>
  sampleTarget({ type: 'msteams', ...overrides });

/** The Adaptive Card's message TextBlock. */
function adaptiveMessageText(body: Buffer): string | undefined {
  const card = JSON.parse(body.toString('utf8')) as {
    attachments: [{ content: { body: [{ items: [unknown, { text?: string }] }] } }];
  };
  return card.attachments[0].content.body[0].items[1].text;
}

describe('msteams notifier, Workflows address: Adaptive Card', () => {
  let server: CaptureServer;
  before(async () => {
    // Power Automate answers an accepted trigger with 202 and no body.
    server = await startCaptureServer({ defaultReply: { status: 202 } });
  });
  after(() => server.close());

  test("posts Flux's Adaptive Card byte for byte: summary first, Go escaping", async () => {
    const notifier = createMsTeamsNotifier(
      teamsTarget({ address: `${server.url}${WORKFLOW_PATH}` }),
      createTestDeps().deps,
    );
    const request = await deliverOne(notifier, server, failedEvent);
    assertJsonPost(request, WORKFLOW_PATH);
    assert.equal(
      request.body.toString('utf8'),
      '{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive",' +
        '"content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json",' +
        '"type":"AdaptiveCard","version":"1.4","body":[{"type":"Container","items":[' +
        '{"type":"TextBlock","text":"kustomization/apps.flux-system","size":"large",' +
        '"weight":"bolder","wrap":true},' +
        '{"type":"TextBlock","text":"Health check failed \\u003cweb\\u003e \\u0026 \\"db\\"",' +
        '"color":"attention","wrap":true},' +
        '{"type":"FactSet","facts":[{"title":"summary","value":"Cluster eu-1"},' +
        '{"title":"Zone","value":"a"},{"title":"revision","value":"main@sha1:abc"}]}]}],' +
        '"msteams":{"width":"Full"}}}]}',
    );
    await notifier.close();
  });

  test("Go's omitempty: no colour for info, no text for an empty message, no facts", async () => {
    const notifier = createMsTeamsNotifier(
      teamsTarget({ address: server.url }),
      createTestDeps().deps,
    );
    const body = (await deliverOne(notifier, server, sampleEvent({ message: '' }))).body.toString(
      'utf8',
    );
    assert.ok(
      body.includes(
        '"items":[{"type":"TextBlock","text":"kustomization/apps.flux-system","size":"large",' +
          '"weight":"bolder","wrap":true},{"type":"TextBlock","wrap":true},{"type":"FactSet"}]',
      ),
      body,
    );
    await notifier.close();
  });

  test('a long message is cut, with the marker, so the whole card fits 28,000 bytes', async () => {
    const notifier = createMsTeamsNotifier(
      teamsTarget({ address: server.url }),
      createTestDeps().deps,
    );
    // `<` is 6 bytes once Go escapes it: the cut must count the escaped card, not the text.
    const message = `${'<é>'.repeat(8_000)}the end`;
    const event = sampleEvent({ message, metadata: { summary: 'Cluster eu-1' } });
    const { body } = await deliverOne(notifier, server, event);
    assert.ok(body.length <= MSTEAMS_MESSAGE_LIMIT.max, `${body.length} bytes`);
    assert.ok(body.length > MSTEAMS_MESSAGE_LIMIT.max - 20, `${body.length} bytes: cut too much`);
    const text = adaptiveMessageText(body) ?? '';
    assert.ok(text.endsWith(TRUNCATION_MARKER), text.slice(-40));
    assert.ok(message.startsWith(text.slice(0, -TRUNCATION_MARKER.length)));
    await notifier.close();
  });

  test('a message that fits is sent whole', async () => {
    const notifier = createMsTeamsNotifier(
      teamsTarget({ address: server.url }),
      createTestDeps().deps,
    );
    const message = 'x'.repeat(20_000);
    const { body } = await deliverOne(notifier, server, sampleEvent({ message }));
    assert.equal(adaptiveMessageText(body), message);
    await notifier.close();
  });

  test("Teams' 429 is retried after its Retry-After, then delivered once", async () => {
    const { deps, delays } = createTestDeps();
    const notifier = createMsTeamsNotifier(teamsTarget({ address: server.url }), deps);
    const before = server.requests.length;
    server.reply({
      status: 429,
      headers: { 'Retry-After': '3', 'Content-Type': 'application/json' },
      body: '{"error":{"code":"TooManyRequests","message":"Rate limit is exceeded."}}',
    });
    await notifier.post(failedEvent);
    assert.equal(server.requests.length - before, 2);
    assert.deepEqual(delays, [3_000]);
    await notifier.close();
  });

  test('a 400 is final, and the error names neither the path nor the signature', async () => {
    const notifier = createMsTeamsNotifier(
      teamsTarget({ address: `${server.url}${WORKFLOW_PATH}` }),
      createTestDeps().deps,
    );
    server.reply({
      status: 400,
      body: `{"error":{"code":"InvalidRequestContent","message":"bad card for ${WORKFLOW_PATH}"}}`,
    });
    await assertDeliveryFails(
      notifier.post(failedEvent),
      { code: 'HERALD_DELIVERY_REJECTED', status: 400, attempts: 1 },
      ['wf-signature-secret', '/workflows/0c1d'],
    );
    await notifier.close();
  });
});

describe('msteams notifier, legacy *.webhook.office.com connector: MessageCard', () => {
  let server: CaptureServer;
  let proxy: ForwardProxy;
  before(async () => {
    // The legacy connector answers "1" with 200.
    server = await startCaptureServer({ defaultReply: { status: 200, body: '1' } });
    // xyz.webhook.office.com is forwarded to the local capture server.
    proxy = await startForwardProxy({ tunnelTo: () => new URL(server.url).host });
  });
  after(async () => {
    await proxy.close();
    await server.close();
  });

  test("posts Flux's MessageCard byte for byte, facts in Go's key order", async () => {
    const address = 'http://xyz.webhook.office.com/webhookb2/g@t/IncomingWebhook/abc/connector-key';
    const notifier = createMsTeamsNotifier(
      teamsTarget({ address, proxy: proxy.url }),
      createTestDeps().deps,
    );
    const request = await deliverOne(notifier, server, failedEvent);
    assert.equal(request.path, '/webhookb2/g@t/IncomingWebhook/abc/connector-key');
    assert.deepEqual(proxy.seen.at(-1), { method: 'POST', target: address });
    assert.equal(
      request.body.toString('utf8'),
      '{"@type":"MessageCard","@context":"http://schema.org/extensions","themeColor":"FF0000",' +
        '"summary":"kustomization/apps.flux-system","sections":[{' +
        '"activityTitle":"Health check failed \\u003cweb\\u003e \\u0026 \\"db\\"",' +
        '"activitySubtitle":"kustomization/apps.flux-system","facts":[' +
        '{"name":"Zone","value":"a"},{"name":"revision","value":"main@sha1:abc"},' +
        '{"name":"summary","value":"Cluster eu-1"}]}]}',
    );
    await notifier.close();
  });

  test('info is blue, no metadata is an empty facts list; a long message fits', async () => {
    const notifier = createMsTeamsNotifier(
      teamsTarget({ address: 'http://xyz.webhook.office.com:80/webhookb2/x', proxy: proxy.url }),
      createTestDeps().deps,
    );
    const before = server.requests.length;
    await notifier.post(sampleEvent({ message: 'ok' }));
    await notifier.post(sampleEvent({ message: '"'.repeat(30_000) }));
    const [short, long] = server.requests.slice(before);
    assert.equal(
      short?.body.toString('utf8'),
      '{"@type":"MessageCard","@context":"http://schema.org/extensions","themeColor":"0076D7",' +
        '"summary":"kustomization/apps.flux-system","sections":[{"activityTitle":"ok",' +
        '"activitySubtitle":"kustomization/apps.flux-system","facts":[]}]}',
    );
    assert.ok(long && long.body.length <= MSTEAMS_MESSAGE_LIMIT.max, `${long?.body.length}`);
    const card = JSON.parse(long.body.toString('utf8')) as {
      sections: [{ activityTitle: string }];
    };
    assert.ok(card.sections[0].activityTitle.endsWith(TRUNCATION_MARKER));
    await notifier.close();
  });

  test('a host that only ends in webhook.office.com, without the dot, gets the Adaptive Card', async () => {
    const notifier = createMsTeamsNotifier(
      teamsTarget({ address: 'http://notwebhook.office.com/x', proxy: proxy.url }),
      createTestDeps().deps,
    );
    const request = await deliverOne(notifier, server, sampleEvent());
    assert.match(request.body.toString('utf8'), /^\{"type":"message"/);
    await notifier.close();
  });
});
