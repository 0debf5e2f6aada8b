import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunningHerald } from '../../src/herald.js';
import { SUMMARY_METADATA } from '../../src/storm/event-summary.js';
import { startCaptureServer, type CaptureServer } from '../support/capture-server.js';
import { post } from '../support/event-api-harness.js';
import { manifestDir, startLocalHerald } from '../support/mode-harness.js';
import { testConfig } from '../support/herald-harness.js';
import { captureLogs } from '../support/log-capture.js';
import { createManualClock } from '../support/manual-clock.js';
import { helmReleaseEvent } from '../fixtures/seed-event.js';

const SLACK_PATH = '/services/T0STM/B0STM/stormwebhooksecret';

function manifests(slack: CaptureServer): string {
  return `
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Provider
metadata: {name: slack, namespace: apps}
spec:
  type: slack
  address: "${slack.url}${SLACK_PATH}"
  pacing: {enabled: true}
---
apiVersion: notification.toolkit.fluxcd.io/v1beta3
kind: Alert
metadata: {name: releases, namespace: apps}
spec:
  providerRef: {name: slack}
  eventSources: [{kind: HelmRelease, name: '*', namespace: '*'}]
  exclusionReasons: [Progressing]
  grouping: {wait: 30s, interval: 5m}
`;
}

interface SlackPayload {
  attachments: { author_name: string; text: string; fields?: { title: string; value: string }[] }[];
}

describe('storm control, through the local-mode pipeline to a Slack stand-in', () => {
  let slack: CaptureServer;
  let herald: RunningHerald;
  let events: string;
  const logs = captureLogs();
  const clock = createManualClock();

  before(async () => {
    slack = await startCaptureServer();
    herald = await startLocalHerald(await manifestDir(manifests(slack)), logs.logger, [], clock);
    events = `http://127.0.0.1:${herald.eventsPort}/`;
  });
  after(async () => {
    const stopping = herald.stop();
    clock.advance(testConfig().gracefulShutdownTimeoutMs);
    await stopping;
    await slack.close();
  });

  const send = async (namespace: string, message: string, reason = 'UpgradeFailed') => {
    const event = helmReleaseEvent();
    const response = await post(events, {
      ...event,
      involvedObject: { ...event.involvedObject, namespace },
      reason,
      message,
    });
    assert.equal(response.status, 202);
  };
  const payloads = () =>
    slack.requests.map((request) => JSON.parse(request.body.toString()) as SlackPayload);
  const eventsIn = (payload: SlackPayload) =>
    Number(
      payload.attachments[0]?.fields?.find((field) => field.title === SUMMARY_METADATA.events)
        ?.value ?? 1,
    );

  test('a storm over three namespaces becomes one paced summary per object; excluded reasons stay out', async () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      for (const namespace of ['apps', 'team-b', 'team-c'])
        await send(namespace, `Helm upgrade failed: timeout (attempt ${String(attempt)})`);
      await send('apps', `Running upgrade (attempt ${String(attempt)})`, 'Progressing');
    }
    clock.advance(29_999);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(slack.requests.length, 0, 'the groups are still waiting');
    // The groups send; Slack's pace lets two go at once, the third a second later.
    clock.advance(1);
    await slack.waitForRequests(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(slack.requests.length, 2);
    clock.advance(1_000);
    await slack.waitForRequests(3);
    const sent = payloads();
    assert.deepEqual(sent.map((payload) => payload.attachments[0]?.author_name).sort(), [
      'helmrelease/podinfo.apps',
      'helmrelease/podinfo.team-b',
      'helmrelease/podinfo.team-c',
    ]);
    assert.deepEqual(sent.map(eventsIn), [10, 10, 10]);
    assert.match(
      sent[0]?.attachments[0]?.text ?? '',
      /^10 events from .+:\n• 1× Helm upgrade failed: timeout \(attempt 1\)\n/,
    );
    assert.ok(sent.every((payload) => !/Running upgrade/.test(payload.attachments[0]?.text ?? '')));
  });

  test('later events of a group wait for its interval and go as one', async () => {
    const before = slack.requests.length;
    await send('apps', 'Helm upgrade failed: timeout (attempt 11)');
    await send('apps', 'Helm upgrade failed: timeout (attempt 12)');
    clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(slack.requests.length, before);
    clock.advance(240_000);
    await slack.waitForRequests(before + 1);
    const [summary] = payloads().slice(before);
    assert.ok(summary);
    assert.equal(eventsIn(summary), 2);
    assert.equal(summary.attachments[0]?.author_name, 'helmrelease/podinfo.apps');
  });
});
