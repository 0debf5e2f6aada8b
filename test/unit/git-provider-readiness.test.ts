import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProviderSpec } from '../../src/api/provider.js';
import { providerReadiness } from '../../src/api/readiness/provider-readiness.js';
import type { Secret } from '../../src/api/secret.js';
import { provider, secret } from '../support/api-objects.js';

function readinessOf(spec: ProviderSpec, secrets: Secret[] = []) {
  return providerReadiness(provider('git', spec), (namespace, name) =>
    secrets.find((s) => s.metadata.namespace === namespace && s.metadata.name === name),
  );
}

const TOKEN_SECRET = secret('git-token', { token: 'ghp_secret' });
const withToken = (spec: Omit<ProviderSpec, 'secretRef'>): [ProviderSpec, Secret[]] => [
  { ...spec, secretRef: { name: 'git-token' } },
  [TOKEN_SECRET],
];

describe('git Provider readiness', () => {
  for (const address of [
    'https://github.com/org/repo',
    'ssh://git@github.com/org/repo.git',
    'git@github.com:org/repo.git',
  ]) {
    test(`a repository address ${address} is ready`, () => {
      const readiness = readinessOf(...withToken({ type: 'github', address }));
      assert.equal(readiness.reason, 'Succeeded', readiness.message);
    });
  }

  test('an address that is no repository URL is InvalidURL', () => {
    const readiness = readinessOf(...withToken({ type: 'github', address: 'git://host/org/repo' }));
    assert.equal(readiness.reason, 'InvalidURL');
    assert.equal(readiness.message, 'spec.address is not a Git repository URL (https or ssh)');
  });

  test('an scp-like address at a metadata host is refused', () => {
    const readiness = readinessOf(
      ...withToken({ type: 'github', address: 'git@169.254.169.254:org/repo' }),
    );
    assert.equal(readiness.reason, 'AddressNotAllowed');
  });

  test('github needs a token or a GitHub App', () => {
    assert.equal(
      readinessOf({ type: 'github', address: 'https://github.com/org/repo' }).reason,
      'SecretKeyMissing',
    );
    const app = secret('app', { githubAppID: '1', githubAppInstallationID: '2' });
    const partial = readinessOf(
      { type: 'github', address: 'https://github.com/org/repo', secretRef: { name: 'app' } },
      [app],
    );
    assert.equal(partial.reason, 'SecretKeyMissing');
    assert.equal(partial.message, "GitHub App: no 'githubAppPrivateKey' key in Secret 'app'");
    const whole = secret('app', {
      githubAppID: '1',
      githubAppInstallationID: '2',
      githubAppPrivateKey: 'pem',
    });
    assert.equal(
      readinessOf(
        { type: 'github', address: 'https://github.com/org/repo', secretRef: { name: 'app' } },
        [whole],
      ).reason,
      'Succeeded',
    );
  });

  test('a commitStatusExpr that compiles is ready; one that does not is not, with the error', () => {
    const good = readinessOf(
      ...withToken({
        type: 'github',
        address: 'https://github.com/org/repo',
        commitStatusExpr: "event.involvedObject.kind + '/' + event.metadata.cluster",
      }),
    );
    assert.equal(good.reason, 'Succeeded', good.message);
    const bad = readinessOf(
      ...withToken({
        type: 'github',
        address: 'https://github.com/org/repo',
        commitStatusExpr: "event.involvedObject.kind == 'x'",
      }),
    );
    assert.equal(bad.reason, 'InvalidCommitStatusExpr');
    assert.equal(
      bad.message,
      'spec.commitStatusExpr does not compile: the expression gives a bool, not a string',
    );
  });

  test("commitStatusExpr on a type that sets no commit status is refused, in Flux's words", () => {
    const readiness = readinessOf({
      type: 'slack',
      address: 'https://hooks.slack.com/services/x',
      commitStatusExpr: "'x'",
    });
    assert.equal(readiness.reason, 'InvalidCommitStatusExpr');
    assert.equal(
      readiness.message,
      "spec.commitStatusExpr is only supported for the 'github', 'gitlab', 'gitea', 'bitbucketserver', 'bitbucket', 'azuredevops' provider types",
    );
  });
});
