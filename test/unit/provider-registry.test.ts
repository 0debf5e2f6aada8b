import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HERALD_PROVIDER_TYPES, PROVIDER_TYPES } from '../../src/api/provider.js';
import { resolveProviderSettings } from '../../src/api/provider-settings.js';
import { providerReadiness } from '../../src/api/readiness/provider-readiness.js';
import { ReadinessReason } from '../../src/api/readiness/readiness-reason.js';
import { SLACK_CHAT_POST_MESSAGE_URL } from '../../src/notifiers/slack.js';
import {
  FLUX_PROVIDER_CLASSES,
  FLUX_PROVIDER_TYPES,
  isFluxProviderType,
} from '../../src/providers/provider-class.js';
import {
  DELIVERED_PROVIDER_TYPES,
  PROVIDER_REGISTRY,
  providerClassOf,
  providerDescriptor,
} from '../../src/providers/provider-registry.js';
import { provider } from '../support/api-objects.js';
import { providerExample } from '../support/provider-examples.js';

const noSecrets = () => undefined;

test('the schema accepts every registry type, each described once', () => {
  const types = PROVIDER_REGISTRY.map((descriptor) => descriptor.type);
  assert.equal(new Set(types).size, types.length);
  for (const type of types) assert.ok(PROVIDER_TYPES.includes(type), type);
  assert.deepEqual(DELIVERED_PROVIDER_TYPES, [...types].sort());
});

test("every type name has a class; Herald's own types are all in the registry", () => {
  for (const type of PROVIDER_TYPES) {
    assert.ok(['chat', 'git', 'git-change-request', 'other'].includes(providerClassOf(type)), type);
  }
  for (const type of HERALD_PROVIDER_TYPES) {
    assert.ok(!isFluxProviderType(type), `${type} is Flux's`);
    assert.ok(providerDescriptor(type), `${type} has no module in the registry`);
  }
  assert.deepEqual(PROVIDER_TYPES, [...FLUX_PROVIDER_TYPES, ...HERALD_PROVIDER_TYPES]);
});

test("a registry type Flux has declares Flux's class", () => {
  for (const descriptor of PROVIDER_REGISTRY) {
    if (!isFluxProviderType(descriptor.type)) continue;
    assert.equal(descriptor.class, FLUX_PROVIDER_CLASSES[descriptor.type], descriptor.type);
  }
});

test("the git class is exactly Flux's commit-status types", () => {
  const git = PROVIDER_TYPES.filter((type) => providerClassOf(type) === 'git');
  assert.deepEqual(git.sort(), [
    'azuredevops',
    'bitbucket',
    'bitbucketserver',
    'gitea',
    'github',
    'gitlab',
  ]);
});

test("readiness reports the type's own credential check, with its message", () => {
  // An address each type takes: the Slack API's, which needs a token, for Slack.
  for (const descriptor of PROVIDER_REGISTRY) {
    const { address = 'https://in.example', channel } = providerExample(descriptor.type);
    const subject = provider('p', {
      type: descriptor.type,
      address: descriptor.type === 'slack' ? SLACK_CHAT_POST_MESSAGE_URL : address,
      ...(channel === undefined ? {} : { channel }),
    });
    const resolved = resolveProviderSettings(subject, noSecrets);
    assert.ok(resolved.ok);
    const expected = descriptor.checkCredentials?.(
      resolved.settings,
      undefined,
      'spec.secretRef (not set)',
    );
    const readiness = providerReadiness(subject, noSecrets);
    if (expected === undefined) {
      assert.equal(readiness.reason, ReadinessReason.Succeeded, descriptor.type);
    } else {
      assert.equal(readiness.reason, ReadinessReason.SecretKeyMissing, descriptor.type);
      assert.equal(readiness.message, expected);
    }
  }
});

test('readiness reports every type outside the registry as UnsupportedType', () => {
  for (const type of PROVIDER_TYPES.filter((name) => providerDescriptor(name) === undefined)) {
    const readiness = providerReadiness(
      provider('p', { type, address: 'https://in.example' }),
      noSecrets,
    );
    assert.equal(readiness.reason, ReadinessReason.UnsupportedType, type);
    assert.ok(readiness.message.endsWith(`(supported: ${DELIVERED_PROVIDER_TYPES.join(', ')})`));
  }
});
