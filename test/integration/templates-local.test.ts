import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FluxEvent } from '../../src/api/event.js';
import type { RunningHerald } from '../../src/herald.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { post } from '../support/event-api-harness.js';
import { manifestDir, startLocalHerald } from '../support/mode-harness.js';
import { testConfig } from '../support/herald-harness.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock } from '../support/manual-clock.js';
import { seedEvent } from '../fixtures/seed-event.js';
import { waitFor } from '../support/wait-for.js';

const SLACK_PATH = '/services/T0TPL/B0TPL/templatewebhooksecret';

/** Each Alert takes one object's events, so each test reaches exactly the Alert it is about. */
function manifests(slack: CaptureServer, hook: CaptureServer): string {
  const alertFor = (name: string, provider: string, template?: string) => `---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: ${name}, namespace: apps}
spec:
  providerRef: {name: ${provider}}
  summary: Production
  eventSources: [{kind: Kustomization, name: ${name}}]
${template === undefined ? '' : `  template: ${JSON.stringify(template)}\n`}`;
  return `
apiVersion: v1
kind: Secret
metadata: {name: slack-url, namespace: apps}
stringData: {address: "${slack.url}${SLACK_PATH}"}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: slack, namespace: apps}
spec: {type: slack, channel: ops, secretRef: {name: slack-url}}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: slack-worded, namespace: apps}
spec:
  type: slack
  channel: ops
  secretRef: {name: slack-url}
  template: "[{{ .Alert.Summary }}] {{ .InvolvedObject.Name }} is {{ .Reason }}"
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: hook, namespace: apps}
spec: {type: generic, address: "${hook.url}/hook"}
${alertFor('worded', 'slack', '{{ if eq .Severity "error" }}🔥{{ else }}✅{{ end }} {{ .InvolvedObject.Kind }}/{{ .InvolvedObject.Name }}: {{ .Message | trunc 30 }}\n{{- with .Metadata.revision }}\nrevision {{ . }}{{ end }}')}
${alertFor('inherits', 'slack-worded')}
${alertFor('own-wins', 'slack-worded', '{{ .Alert.Name }} says {{ lower .Reason }}')}
${alertFor('failing', 'slack', 'object {{ .InvolvedObject.Nmae }}')}
${alertFor('quiet', 'slack', '{{ if eq .Severity "error" }}{{ .Message }}{{ end }}')}
${alertFor('webhook', 'hook', 'never used: {{ .Message }}')}
${alertFor('broken', 'slack', '{{ .Message }}\n{{ range .Metadata }}')}
`;
}

interface SlackPayload {
  attachments: { author_name: string; text: string; color: string; fields: unknown[] }[];
}

describe('message templates, through the local-mode pipeline to a Slack stand-in', () => {
  let slack: CaptureServer;
  let hook: CaptureServer;
  let herald: RunningHerald;
  let events: string;
  const logs = captureLogs('debug');
  const clock = createManualClock();

  /** Posts the seed event for the object `name` and resolves with the next Slack payload. */
  async function slackPayloadFor(
    name: string,
    overrides: Partial<FluxEvent> = {},
  ): Promise<SlackPayload> {
    const count = slack.requests.length;
    const event = seedEvent();
    assert.equal(
      (
        await post(events, {
          ...event,
          ...overrides,
          involvedObject: { ...event.involvedObject, name },
        })
      ).status,
      202,
    );
    await slack.waitForRequests(count + 1);
    const request = slack.requests[count];
    assert.ok(request);
    assert.equal(request.path, SLACK_PATH);
    return JSON.parse(request.body.toString()) as SlackPayload;
  }

  before(async () => {
    [slack, hook] = await Promise.all([startCaptureServer(), startCaptureServer()]);
    const dir = await manifestDir(manifests(slack, hook));
    herald = await startLocalHerald(dir, logs.logger, [], clock);
    events = `http://127.0.0.1:${herald.eventsPort}/`;
  });
  after(async () => {
    const stopping = herald.stop();
    clock.advance(testConfig().gracefulShutdownTimeoutMs);
    await stopping;
    await Promise.all([slack.close(), hook.close()]);
  });

  test('an Alert whose template does not parse is not Ready, with the error and where it is', async () => {
    const status = (await (await fetch(`http://127.0.0.1:${herald.healthPort}/status`)).json()) as {
      objects: { kind: string; name: string; ready: boolean; reason: string; message: string }[];
    };
    const notReady = status.objects.filter((object) => !object.ready);
    assert.deepEqual(
      notReady.map(({ kind, name, reason, message }) => ({ kind, name, reason, message })),
      [
        {
          kind: 'Alert',
          name: 'broken',
          reason: 'InvalidTemplate',
          message: 'spec.template does not parse: 2:4: unexpected EOF: {{range}} has no {{end}}',
        },
      ],
    );
    const webhookAlert = status.objects.find((object) => object.name === 'webhook');
    assert.match(
      webhookAlert?.message ?? '',
      /its spec.template is not used: Provider 'hook' is of type 'generic'/,
    );
  });

  test("the Alert's template is the whole text; Slack's framing stays, the metadata fields go", async () => {
    const payload = await slackPayloadFor('worded');
    const [attachment] = payload.attachments;
    assert.ok(attachment);
    assert.equal(
      attachment.text,
      '🔥 Kustomization/worded: service/apps/webapp validation\nrevision main/731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
    );
    assert.equal(attachment.author_name, 'kustomization/worded.apps');
    assert.equal(attachment.color, 'danger');
    assert.deepEqual(attachment.fields, []);
  });

  test("an Alert without a template takes its Provider's; its own wins over it", async () => {
    const inherited = await slackPayloadFor('inherits');
    assert.equal(inherited.attachments[0]?.text, '[Production] inherits is ValidationFailed');
    const own = await slackPayloadFor('own-wins');
    assert.equal(own.attachments[0]?.text, 'own-wins says validationfailed');
  });

  test('a template that fails while rendering sends the default message, with a warning', async () => {
    const payload = await slackPayloadFor('failing');
    const [attachment] = payload.attachments;
    assert.equal(attachment?.text, seedEvent().message);
    assert.equal(attachment.fields.length, 2, 'the default message keeps its metadata fields');
    const warning = logs
      .lines()
      .find((line) => line.msg === 'Message template failed; sending the default message');
    assert.ok(warning);
    assert.equal(warning.level, 'warn');
    assert.equal(warning.code, 'HERALD_TEMPLATE_RENDER_FAILED');
    assert.equal(warning.error, "1:11: can't evaluate field Nmae in type ObjectReference");
    assert.deepEqual(warning.Alert, { name: 'failing', namespace: 'apps' });
  });

  test('a template that renders nothing skips the notification', async () => {
    const count = slack.requests.length;
    assert.equal(
      (
        await post(events, {
          ...seedEvent(),
          severity: 'info',
          involvedObject: { ...seedEvent().involvedObject, name: 'quiet' },
        })
      ).status,
      202,
    );
    await waitFor(
      () =>
        logs.lines().some((line) => line.msg === 'Skipped notification' && line.name === 'quiet'),
      'the empty render to be skipped',
    );
    assert.equal(slack.requests.length, count);
    // Go's rate limiter takes the same event once: say something else to be heard.
    const shown = await slackPayloadFor('quiet', { message: 'an error, worth a message' });
    assert.equal(shown.attachments[0]?.text, 'an error, worth a message');
  });

  test('a Provider that is not a chat type gets the event untouched', async () => {
    const event = {
      ...seedEvent(),
      involvedObject: { ...seedEvent().involvedObject, name: 'webhook' },
    };
    assert.equal((await post(events, event)).status, 202);
    await hook.waitForRequests(1);
    const body = JSON.parse(hook.requests[0]?.body.toString() ?? '{}') as FluxEvent;
    assert.equal(body.message, event.message);
    assert.deepEqual(body.metadata, {
      revision: 'main/731f7eaddfb6af01cb2173e18f0f75b0ba780ef1',
      summary: 'Production',
    });
  });
});
