import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Alert } from '../../src/api/alert.js';
import type { Provider } from '../../src/api/provider.js';
import type { ReadinessPolicy } from '../../src/api/readiness/readiness-policy.js';
import { evaluateReadiness } from '../../src/api/readiness/readiness.js';
import type { ReadinessReason } from '../../src/api/readiness/readiness-reason.js';
import { alert, provider } from '../support/api-objects.js';

const WEBHOOK = 'https://hooks.slack.com/services/T000/B000/XXXX';
const slack = provider('slack', { type: 'slack', address: WEBHOOK });

interface Case {
  name: string;
  alert: Alert;
  providers?: Provider[];
  policy?: ReadinessPolicy;
  reason: ReadinessReason;
  message: string;
}

const BLOCKED: ReadinessPolicy = { noCrossNamespaceRefs: true };

const cases: Case[] = [
  { name: 'provider ready', alert: alert('a'), reason: 'Succeeded', message: 'Alert is ready' },
  {
    name: 'provider missing',
    alert: alert('a'),
    providers: [],
    reason: 'ProviderNotFound',
    message: "Provider 'slack' not found",
  },
  {
    name: 'provider only in another namespace',
    alert: alert('a'),
    providers: [provider('slack', { type: 'slack', address: WEBHOOK }, 'other')],
    reason: 'ProviderNotFound',
    message: "Provider 'slack' not found",
  },
  {
    name: 'provider suspended',
    alert: alert('a'),
    providers: [provider('slack', { type: 'slack', address: WEBHOOK, suspend: true })],
    reason: 'ProviderNotReady',
    message: "Provider 'slack' is suspended",
  },
  {
    name: 'provider not ready',
    alert: alert('a'),
    providers: [provider('slack', { type: 'slack' })],
    reason: 'ProviderNotReady',
    message: "Provider 'slack' is not ready (InvalidURL)",
  },
  {
    name: 'inclusion regex does not compile',
    alert: alert('a', { inclusionList: ['ok', '(unclosed'] }),
    reason: 'InvalidRegex',
    message:
      'spec.inclusionList[1] is not a valid RE2 regular expression: error parsing regexp: missing closing ): `(unclosed`',
  },
  {
    name: 'exclusion regex outside RE2 (look-ahead)',
    alert: alert('a', { exclusionList: ['(?=waiting)'] }),
    reason: 'InvalidRegex',
    message:
      'spec.exclusionList[0] is not a valid RE2 regular expression: error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
  },
  {
    name: "Go's RE2 syntax compiles",
    alert: alert('a', {
      inclusionList: ['(?i)succeeded', '\\pL+', '^Health check passed in \\d+s$'],
    }),
    reason: 'Succeeded',
    message: 'Alert is ready',
  },
  {
    name: 'a source in another namespace with --no-cross-namespace-refs',
    alert: alert('a', {
      eventSources: [
        { kind: 'Kustomization', name: '*' },
        { kind: 'GitRepository', name: 'podinfo', namespace: 'flux-system' },
      ],
    }),
    policy: BLOCKED,
    reason: 'AccessDenied',
    message:
      "spec.eventSources[1] (GitRepository/podinfo) is in namespace 'flux-system': cross-namespace references are blocked by --no-cross-namespace-refs, so the Alert sends nothing",
  },
  {
    name: 'a source on every namespace (*) with --no-cross-namespace-refs',
    alert: alert('a', { eventSources: [{ kind: 'Kustomization', name: '*', namespace: '*' }] }),
    policy: BLOCKED,
    reason: 'AccessDenied',
    message:
      'spec.eventSources[0] (Kustomization/*) selects every namespace: cross-namespace references are blocked by --no-cross-namespace-refs, so the Alert sends nothing',
  },
  {
    name: "a source naming the Alert's own namespace is not cross-namespace",
    alert: alert('a', { eventSources: [{ kind: 'Kustomization', name: '*', namespace: 'apps' }] }),
    policy: BLOCKED,
    reason: 'Succeeded',
    message: 'Alert is ready',
  },
  {
    name: 'a source in another namespace without the flag',
    alert: alert('a', {
      eventSources: [{ kind: 'Kustomization', name: '*', namespace: 'flux-system' }],
    }),
    reason: 'Succeeded',
    message: 'Alert is ready',
  },
  {
    name: 'a suspended Alert with a blocked source: the denial is told',
    alert: alert('a', {
      suspend: true,
      eventSources: [{ kind: 'Kustomization', name: '*', namespace: 'flux-system' }],
    }),
    policy: BLOCKED,
    reason: 'AccessDenied',
    message:
      "spec.eventSources[0] (Kustomization/*) is in namespace 'flux-system': cross-namespace references are blocked by --no-cross-namespace-refs, so the Alert sends nothing",
  },
  {
    name: 'suspended',
    alert: alert('a', { suspend: true }),
    reason: 'Suspended',
    message: 'Alert is suspended',
  },
  {
    name: 'suspended with a missing provider: the missing provider is told',
    alert: alert('a', { suspend: true, providerRef: { name: 'gone' } }),
    reason: 'ProviderNotFound',
    message: "Provider 'gone' not found",
  },
];

describe('alert readiness', () => {
  for (const { name, alert: subject, providers = [slack], policy, reason, message } of cases) {
    test(`${name} → ${reason}`, () => {
      const readiness = evaluateReadiness(
        { alerts: [subject], providers, secrets: [] },
        policy,
      ).find((record) => record.kind === 'Alert');
      assert.deepEqual(readiness, {
        kind: 'Alert',
        namespace: 'apps',
        name: 'a',
        ready: reason === 'Succeeded',
        reason,
        message,
      });
    });
  }
});
