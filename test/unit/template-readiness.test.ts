import { describe, test } from 'node:test';
import { evaluate } from '@marcbachmann/cel-js';
import { customResourceDefinitions } from '../../src/api/crd-definitions.js';
import { TEMPLATE_ON_CHAT_TYPES_ONLY } from '../../src/api/readiness/template-readiness.js';
import assert from 'node:assert/strict';
import { evaluateReadiness } from '../../src/api/readiness/readiness.js';
import type { Readiness } from '../../src/api/readiness/readiness.js';
import { createNotifier } from '../../src/notifiers/create-notifier.js';
import { buildDispatchState } from '../../src/pipeline/dispatch-state-builder.js';
import type { Alert } from '../../src/api/alert.js';
import type { Provider } from '../../src/api/provider.js';
import { alert, provider } from '../support/api-objects.js';
import { createTestDeps } from '../support/notifier-deps.js';

const SLACK = 'https://hooks.slack.com/services/T000/B000/XXXX';
const GOOD = '{{ .InvolvedObject.Name }}: {{ .Message }}';
const BAD = '{{ .Message }}\n{{ if .Reason }}unclosed';

function readiness(alerts: Alert[], providers: Provider[]): Readiness[] {
  return evaluateReadiness({ alerts, providers, secrets: [] });
}

function entry(
  all: Readiness[],
  kind: 'Alert' | 'Provider',
): Pick<Readiness, 'ready' | 'reason' | 'message'> {
  const found = all.find((record) => record.kind === kind);
  assert.ok(found);
  return { ready: found.ready, reason: found.reason, message: found.message };
}

describe('readiness of spec.template', () => {
  test('an Alert whose template does not parse is InvalidTemplate, naming line and column', () => {
    const all = readiness(
      [alert('a', { template: BAD })],
      [provider('slack', { type: 'slack', address: SLACK })],
    );
    assert.deepEqual(entry(all, 'Alert'), {
      ready: false,
      reason: 'InvalidTemplate',
      message: 'spec.template does not parse: 2:4: unexpected EOF: {{if}} has no {{end}}',
    });
  });

  test('an Alert whose template parses is ready', () => {
    const all = readiness(
      [alert('a', { template: GOOD })],
      [provider('slack', { type: 'slack', address: SLACK })],
    );
    assert.deepEqual(entry(all, 'Alert'), {
      ready: true,
      reason: 'Succeeded',
      message: 'Alert is ready',
    });
  });

  test("an Alert's template for a Provider that is not a chat type is ready, and says it is unused", () => {
    const all = readiness(
      [alert('a', { template: GOOD, providerRef: { name: 'hook' } })],
      [provider('hook', { type: 'generic', address: 'https://example.com/hook' })],
    );
    assert.deepEqual(entry(all, 'Alert'), {
      ready: true,
      reason: 'Succeeded',
      message:
        "Alert is ready; its spec.template is not used: Provider 'hook' is of type 'generic', and templates are for the chat provider types only",
    });
  });

  test('a Provider whose template does not parse is InvalidTemplate, and so its Alerts are not ready', () => {
    const all = readiness(
      [alert('a')],
      [provider('slack', { type: 'slack', address: SLACK, template: '{{ .Message | nope }}' })],
    );
    assert.deepEqual(entry(all, 'Provider'), {
      ready: false,
      reason: 'InvalidTemplate',
      message: 'spec.template does not parse: 1:15: function "nope" not defined',
    });
    assert.deepEqual(entry(all, 'Alert'), {
      ready: false,
      reason: 'ProviderNotReady',
      message: "Provider 'slack' is not ready (InvalidTemplate)",
    });
  });

  test('a template on a Provider that is not a chat type is refused, as the CRD rule refuses it', () => {
    const all = readiness(
      [],
      [provider('hook', { type: 'generic', address: 'https://example.com/hook', template: GOOD })],
    );
    assert.deepEqual(entry(all, 'Provider'), {
      ready: false,
      reason: 'InvalidTemplate',
      message:
        'spec.template is only supported for the chat provider types (slack, discord, msteams, rocket, googlechat, webex, telegram, lark, matrix, zulip, zoom)',
    });
  });
});

describe('dispatch state: which template an Alert renders with', () => {
  function build(alerts: Alert[], providers: Provider[]) {
    const { state } = buildDispatchState({ alerts, providers, secrets: [] }, (target) =>
      createNotifier(target, createTestDeps().deps),
    );
    return new Map(state.index.alerts.map((indexed) => [indexed.key, indexed]));
  }

  test("the Alert's own wins over the Provider's, which serves Alerts without one", () => {
    const alerts = build(
      [alert('own', { template: 'alert {{ .Reason }}' }), alert('inherits')],
      [provider('slack', { type: 'slack', address: SLACK, template: 'provider {{ .Reason }}' })],
    );
    assert.equal(alerts.get('apps/own')?.template?.source, 'alert {{ .Reason }}');
    assert.equal(alerts.get('apps/inherits')?.template?.source, 'provider {{ .Reason }}');
  });

  test('none for a Provider that is not a chat type, none when no one has one', () => {
    const alerts = build(
      [alert('hook', { template: GOOD, providerRef: { name: 'hook' } }), alert('plain')],
      [
        provider('hook', { type: 'generic', address: 'https://example.com/hook' }),
        provider('slack', { type: 'slack', address: SLACK }),
      ],
    );
    assert.equal(alerts.get('apps/hook')?.provider?.key, 'apps/hook');
    assert.equal(alerts.get('apps/hook')?.template, undefined);
    assert.equal(alerts.get('apps/plain')?.template, undefined);
  });

  test('an Alert whose template does not parse does not route, even with its Provider suspended', () => {
    const alerts = build(
      [alert('broken', { template: BAD })],
      [provider('slack', { type: 'slack', address: SLACK, suspend: true })],
    );
    assert.equal(alerts.get('apps/broken')?.provider, undefined);
  });
});

describe("the Provider CRD's rule on spec.template", () => {
  const [, providerCrd] = customResourceDefinitions();
  const rule = providerCrd?.spec.versions
    .find((version) => version.storage)
    ?.schema.openAPIV3Schema.properties?.spec?.['x-kubernetes-validations']?.find((candidate) =>
      candidate.rule.includes('self.template'),
    );

  test('lets chat types have a template, and refuses it on the others, with the readiness message', () => {
    assert.ok(rule);
    const allows = (spec: Record<string, string>) => evaluate(rule.rule, { self: spec }) === true;
    assert.equal(allows({ type: 'slack', template: GOOD }), true);
    assert.equal(allows({ type: 'zoom', template: GOOD }), true);
    assert.equal(allows({ type: 'generic' }), true);
    assert.equal(allows({ type: 'generic', template: GOOD }), false);
    assert.equal(allows({ type: 'loki', template: GOOD }), false);
    assert.equal(rule.message, TEMPLATE_ON_CHAT_TYPES_ONLY);
  });
});
