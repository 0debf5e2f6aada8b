import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFluxEventJson } from '../../src/notifiers/flux-event-json.js';
import { goJsonString } from '../../src/notifiers/go-json-string.js';
import { sampleEvent } from '../support/sample-event.js';

/**
 * What Go's `json.Marshal(eventv1.Event{...})` writes for the tricky event below, derived by
 * hand from encoding/json's rules: struct order, omitempty, HTML escaping, sorted UTF-8 keys.
 */
const TRICKY_EVENT_GO_JSON = String.raw`{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps","apiVersion":"kustomize.toolkit.fluxcd.io/v1","fieldPath":"spec.x"},"severity":"error","timestamp":"2024-02-29T23:29:59Z","message":"Health check \u003cfailed\u003e \u0026 \"timed out\"\n\tpod\u0001 café 🚀 \u2028\u2029 end\b\f\\ �","reason":"HealthCheckFailed","metadata":{"Zeta":"z","revision":"main@sha1:abc","summary":"a\u003cb\u003ec","émoji":"x","！":"bang","😀":"grin"},"reportingController":"kustomize-controller"}`;

test('encodes a tricky event byte for byte as Go does', () => {
  const event = sampleEvent({
    involvedObject: {
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'apps',
      uid: '',
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      fieldPath: 'spec.x',
    },
    severity: 'error',
    timestamp: '2024-03-01T00:59:59.987654321+01:30',
    message:
      'Health check <failed> & "timed out"\n\tpod\u0001 café 🚀 \u2028\u2029 end\b\f\\ \ud800',
    reason: 'HealthCheckFailed',
    metadata: {
      '😀': 'grin',
      summary: 'a<b>c',
      revision: 'main@sha1:abc',
      '！': 'bang',
      émoji: 'x',
      Zeta: 'z',
    },
    reportingInstance: '',
  });
  const bytes = encodeFluxEventJson(event);
  assert.equal(bytes.toString('utf8'), TRICKY_EVENT_GO_JSON);
  assert.deepEqual(bytes, Buffer.from(TRICKY_EVENT_GO_JSON, 'utf8'));
});

test('omits empty metadata, keeps reportingInstance last, keeps empty required strings', () => {
  const json = encodeFluxEventJson(
    sampleEvent({ metadata: {}, message: '', reportingInstance: 'kustomize-controller-7d9f-x2' }),
  ).toString();
  assert.equal(
    json,
    '{"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"apps","apiVersion":"kustomize.toolkit.fluxcd.io/v1"},"severity":"info","timestamp":"2024-05-01T12:00:00Z","message":"","reason":"ReconciliationSucceeded","reportingController":"kustomize-controller","reportingInstance":"kustomize-controller-7d9f-x2"}',
  );
});

test("encodes Go's zero time as null, as metav1.Time does", () => {
  const json = encodeFluxEventJson(sampleEvent({ timestamp: '0001-01-01T00:00:00Z' })).toString();
  assert.match(json, /"timestamp":null,/);
});

test('goJsonString escapes control characters in lower-case hex and keeps DEL and non-ASCII', () => {
  assert.equal(goJsonString('\u0000\u001f\u007f\u00e9'), '"\\u0000\\u001f\u007f\u00e9"');
  assert.equal(goJsonString('\udc00x\ud83d\ude00'), '"\ufffdx\ud83d\ude00"');
});
