import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goQuote } from '../../src/notifiers/go-quote.js';
import { toLokiEntry } from '../../src/notifiers/loki-entry.js';
import { formatLokiLine } from '../../src/notifiers/loki-line.js';
import { encodeLokiPush } from '../../src/notifiers/loki-push-body.js';
import { sampleEvent } from '../support/sample-event.js';

/** A native Kubernetes Event after Herald's conversion and the metadata merge. */
const podBackOff = sampleEvent({
  involvedObject: {
    kind: 'Pod',
    namespace: 'shop',
    name: 'web-7d9f',
    apiVersion: 'v1',
    resourceVersion: '4242',
  },
  severity: 'error',
  timestamp: '2024-05-01T12:00:00.000000042Z',
  reason: 'BackOff',
  message: 'Back-off restarting failed container "web" in pod\n\tweb-7d9f',
  reportingController: 'kubelet',
  reportingInstance: 'node-a',
  metadata: { count: '7', type: 'Warning', resourceVersion: '99001', summary: 'not in the line' },
});

test("logfmt: Alloy's field order, raw values, Go-quoted msg, trailing space", () => {
  assert.equal(
    formatLokiLine(podBackOff),
    String.raw`name=web-7d9f kind=Pod objectAPIversion=v1 objectRV=4242 eventRV=99001 reportinginstance=node-a reportingcontroller=kubelet reason=BackOff type=Warning count=7 msg="Back-off restarting failed container \"web\" in pod\n\tweb-7d9f" `,
  );
});

test('a Flux event: type from severity, no count, action or eventRV', () => {
  assert.equal(
    formatLokiLine(sampleEvent({ message: 'Applied <3> & done' })),
    'name=apps kind=Kustomization objectAPIversion=kustomize.toolkit.fluxcd.io/v1 reportingcontroller=kustomize-controller reason=ReconciliationSucceeded type=Normal msg="Applied <3> & done" ',
  );
  assert.equal(
    formatLokiLine(sampleEvent({ metadata: { count: '0', action: 'Pulling' } })),
    'name=apps kind=Kustomization action=Pulling objectAPIversion=kustomize.toolkit.fluxcd.io/v1 reportingcontroller=kustomize-controller reason=ReconciliationSucceeded type=Normal msg="Reconciliation finished" ',
  );
});

test("goQuote writes Go's %q: short escapes, \\x, \\u and \\U for the non-printable", () => {
  assert.equal(
    goQuote('a\u0007\u001b\u007f é \u00a0 \u200b 😀 \ue000 \u{10ffff} \ud800 "\\'),
    String.raw`"a\a\x1b\x7f é \u00a0 \u200b 😀 \ue000 \U0010ffff ` + '\ufffd' + String.raw` \"\\"`,
  );
});

test('labels: namespace, job, instance (reporting instance, else controller), severity', () => {
  const entry = toLokiEntry(podBackOff);
  assert.deepEqual(entry.labels, {
    namespace: 'shop',
    job: 'herald',
    instance: 'node-a',
    severity: 'error',
  });
  assert.equal(entry.timestampNs, '1714564800000000042');
  const flux = toLokiEntry(sampleEvent());
  assert.equal(flux.labels.instance, 'kustomize-controller');
});

test('the push body groups entries by label set and orders each stream by time', () => {
  const a = {
    labels: { job: 'h', namespace: 'x' },
    timestampNs: '1714564800000000002',
    line: 'a2',
  };
  const b = {
    labels: { namespace: 'y', job: 'h' },
    timestampNs: '1714564800000000001',
    line: 'b1',
  };
  const c = { labels: { namespace: 'x', job: 'h' }, timestampNs: '999999999999999999', line: 'a1' };
  assert.equal(
    encodeLokiPush([a, b, c]).toString(),
    JSON.stringify({
      streams: [
        {
          stream: { job: 'h', namespace: 'x' },
          values: [
            ['999999999999999999', 'a1'],
            ['1714564800000000002', 'a2'],
          ],
        },
        { stream: { namespace: 'y', job: 'h' }, values: [['1714564800000000001', 'b1']] },
      ],
    }),
  );
});
