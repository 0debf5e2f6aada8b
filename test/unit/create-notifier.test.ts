import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createNotifier, releasingOnClose } from '../../src/notifiers/create-notifier.js';
import { FLUX_PROVIDER_TYPES } from '../../src/providers/provider-class.js';
import {
  DELIVERED_PROVIDER_TYPES,
  providerDescriptor,
} from '../../src/providers/provider-registry.js';
import {
  isBatchingNotifier,
  type BatchingNotifier,
  type ProviderTarget,
} from '../../src/notifiers/notifier.js';
import { createTargetPoster } from '../../src/notifiers/target-poster.js';
import { checkTarget } from '../../src/notifiers/target-validation.js';
import { FLUX_RETRY_POLICY } from '../../src/http/retry-policy.js';
import { ProviderConfigError } from '../../src/notifiers/provider-config-error.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { providerExample } from '../support/provider-examples.js';
import { sampleTarget } from '../support/sample-target.js';
import { TEST_TLS } from '../support/tls-fixtures.js';

/** A change-request type keys its comments by the Provider object's UID. */
function withUid(type: ProviderTarget['type'], address: string): Partial<ProviderTarget> {
  return {
    address,
    resource: {
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
      kind: 'Provider',
      metadata: { name: 'receiver', namespace: 'flux-system', uid: 'a1b2c3d4-0000' },
      spec: { type, address },
    },
  };
}

/** What a type needs beyond a token: git types take a repository address, each host's form. */
const TYPE_TARGETS: Partial<Record<ProviderTarget['type'], Partial<ProviderTarget>>> = {
  github: { address: 'https://github.com/org/repo' },
  giteapullrequestcomment: withUid('giteapullrequestcomment', 'https://gitea.com/org/repo'),
  gitlabmergerequestcomment: withUid(
    'gitlabmergerequestcomment',
    'https://gitlab.com/group/project',
  ),
  githubpullrequestcomment: withUid('githubpullrequestcomment', 'https://github.com/org/repo'),
  githubdispatch: { address: 'https://github.com/org/repo' },
  azuredevops: { address: 'https://dev.azure.com/org/project/_git/repo' },
  bitbucketserver: { address: 'https://bitbucket.example.com/scm/PROJ/repo.git' },
  bitbucket: { address: 'https://bitbucket.org/workspace/repo', token: 'user:app-password' },
  gitea: { address: 'https://gitea.com/org/repo' },
  gitlab: { address: 'https://gitlab.com/group/project' },
};

test('builds a notifier for every type in the registry; only loki batches', async () => {
  for (const type of DELIVERED_PROVIDER_TYPES) {
    const notifier = createNotifier(
      sampleTarget({ type, token: 'k', ...providerExample(type), ...TYPE_TARGETS[type] }),
      createTestDeps().deps,
    );
    assert.equal(isBatchingNotifier(notifier), type === 'loki', type);
    await notifier.close();
  }
});

const SECRET = 's3cr3t-value';
/** A type Flux has that Herald does not deliver to yet, while there is one. */
const UNDELIVERED = FLUX_PROVIDER_TYPES.find((type) => providerDescriptor(type) === undefined);

/** Configurations that must fail when the notifier is built, and the code they fail with. */
const REFUSED: [string, Partial<ProviderTarget>, string][] = [
  [
    'an unknown type',
    { type: 'teams' as ProviderTarget['type'] },
    'HERALD_PROVIDER_UNSUPPORTED_TYPE',
  ],
  ...(UNDELIVERED === undefined
    ? []
    : [
        [
          'a Flux type not in the registry',
          { type: UNDELIVERED },
          'HERALD_PROVIDER_UNSUPPORTED_TYPE',
        ] as [string, Partial<ProviderTarget>, string],
      ]),
  [
    'a type named like an Object property',
    { type: 'constructor' as ProviderTarget['type'] },
    'HERALD_PROVIDER_UNSUPPORTED_TYPE',
  ],
  [
    'an address without scheme',
    { address: `hooks.example.com/${SECRET}` },
    'HERALD_PROVIDER_INVALID_ADDRESS',
  ],
  [
    'a non-http address',
    { address: `ftp://example.com/${SECRET}` },
    'HERALD_PROVIDER_INVALID_ADDRESS',
  ],
  ['an empty address', { address: '' }, 'HERALD_PROVIDER_INVALID_ADDRESS'],
  [
    'a socks proxy',
    { proxy: `socks5://user:${SECRET}@proxy:1080` },
    'HERALD_PROVIDER_INVALID_PROXY',
  ],
  ['a zero timeout', { timeoutMs: 0 }, 'HERALD_PROVIDER_INVALID_TIMEOUT'],
  ['a NaN timeout', { timeoutMs: Number.NaN }, 'HERALD_PROVIDER_INVALID_TIMEOUT'],
  [
    'a header value with a newline',
    { headers: { 'X-Key': `${SECRET}\r\nX-Evil: 1` } },
    'HERALD_PROVIDER_INVALID_HEADER',
  ],
  [
    'a header name with a space',
    { headers: { 'X Key': SECRET } },
    'HERALD_PROVIDER_INVALID_HEADER',
  ],
  [
    'a certificate without its key',
    { tls: { cert: TEST_TLS.clientCert } },
    'HERALD_PROVIDER_INVALID_TLS',
  ],
  ['a CA that is not PEM', { tls: { ca: 'not a certificate' } }, 'HERALD_PROVIDER_INVALID_TLS'],
  ['generic-hmac without token', { type: 'generic-hmac' }, 'HERALD_PROVIDER_MISSING_TOKEN'],
  [
    'telegram without token',
    { type: 'telegram', channel: '@ops' },
    'HERALD_PROVIDER_MISSING_TOKEN',
  ],
  ['telegram without chat', { type: 'telegram', token: SECRET }, 'HERALD_PROVIDER_INVALID_CHANNEL'],
  ['matrix without room', { type: 'matrix', token: SECRET }, 'HERALD_PROVIDER_INVALID_CHANNEL'],
  ['matrix without token', { type: 'matrix', channel: '!r:x' }, 'HERALD_PROVIDER_MISSING_TOKEN'],
  [
    'zulip with a channel that has no topic',
    { type: 'zulip', channel: 'general', username: 'bot', password: SECRET },
    'HERALD_PROVIDER_INVALID_CHANNEL',
  ],
  [
    'zulip without API key',
    { type: 'zulip', channel: 'general/deploys', username: 'bot' },
    'HERALD_PROVIDER_MISSING_CREDENTIALS',
  ],
  ['zoom without token', { type: 'zoom' }, 'HERALD_PROVIDER_MISSING_TOKEN'],
  ['incident.io without token', { type: 'incident.io' }, 'HERALD_PROVIDER_MISSING_TOKEN'],
];

for (const [what, overrides, code] of REFUSED) {
  test(`refuses ${what} with ${code}, naming no secret`, () => {
    assert.throws(
      () =>
        createNotifier(
          sampleTarget({ name: 'hook', namespace: 'apps', ...overrides }),
          createTestDeps().deps,
        ),
      (error: unknown) => {
        assert.ok(error instanceof ProviderConfigError);
        assert.equal(error.code, code);
        assert.match(error.message, /^Provider apps\/hook/);
        assert.ok(!error.message.includes(SECRET), error.message);
        return true;
      },
    );
  });
}

test('accepts a client certificate with its key and an https proxy', async () => {
  const notifier = createNotifier(
    sampleTarget({
      proxy: 'https://proxy.example:3128',
      tls: { ca: TEST_TLS.ca, cert: TEST_TLS.clientCert, key: TEST_TLS.clientKey },
    }),
    createTestDeps().deps,
  );
  await notifier.close();
});

test("a notifier's HTTP client is released once the notifier has closed", async () => {
  const released: (() => void)[] = [];
  const target = sampleTarget({ type: 'generic', address: 'http://127.0.0.1:9/hook' });
  createTargetPoster(
    target,
    checkTarget(target),
    { ...createTestDeps().deps, releaseOnClose: (release) => released.push(release) },
    FLUX_RETRY_POLICY,
  );
  assert.equal(released.length, 1, 'the poster hands over its release');

  const order: string[] = [];
  const inner = {
    post: () => Promise.resolve(),
    close: () => {
      order.push('closed');
      return Promise.reject(new Error('close failed'));
    },
  };
  const wrapped = releasingOnClose(inner, [() => order.push('released')]);
  await assert.rejects(wrapped.close(), /close failed/);
  await wrapped.close().catch(() => undefined);
  // Released after the close, even a failed one, and once.
  assert.deepEqual(order, ['closed', 'released', 'closed']);

  const batcher: BatchingNotifier = { ...inner, batching: true, flush: () => Promise.resolve() };
  assert.ok(isBatchingNotifier(releasingOnClose(batcher, [])));
});
