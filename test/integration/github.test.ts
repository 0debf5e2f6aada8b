import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NotificationSkipped } from '../../src/notifiers/notification-skipped.js';
import { createGitHubNotifier } from '../../src/notifiers/github.js';
import {
  appSecretData,
  startGitHubStandIn,
  type GitHubStandIn,
} from '../support/github-stand-in.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';
import { assertRefused, commitEvent, gitTarget, SAMPLE_ALERT, SHA } from '../support/git-target.js';
import { TEST_TLS } from '../support/tls-fixtures.js';

const TOKEN = 'ghp_secretpersonaltoken';
const STATUS_ID = 'kustomization/apps/0c9c2e41';

describe('github notifier', () => {
  let github: GitHubStandIn;
  before(async () => {
    github = await startGitHubStandIn();
    github.tokens.add(TOKEN);
  });
  after(() => github.close());

  const requestsSince = (count: number) => github.server.requests.slice(count);

  test('lists the statuses, then creates one as Flux does', async () => {
    const { deps } = createTestDeps();
    const notifier = createGitHubNotifier(
      gitTarget('github', github.repositoryUrl, { token: TOKEN }),
      deps,
    );
    const before = github.server.requests.length;
    await notifier.post(commitEvent());
    const [list, create] = requestsSince(before);
    assert.ok(list && create);
    assert.equal(list.method, 'GET');
    assert.equal(list.path, `/api/v3/repos/org/repo/commits/${SHA}/statuses?per_page=50`);
    assert.equal(list.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(list.headers.accept, 'application/vnd.github.v3+json');
    assert.equal(list.body.length, 0);
    assert.equal(create.method, 'POST');
    assert.equal(create.path, `/api/v3/repos/org/repo/statuses/${SHA}`);
    assert.equal(create.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(create.headers['content-type'], 'application/json');
    assert.equal(
      create.body.toString(),
      `{"state":"success","description":"reconciliation succeeded","context":"${STATUS_ID}"}\n`,
    );
    assert.deepEqual(github.statuses.get(SHA)?.[0], {
      state: 'success',
      description: 'reconciliation succeeded',
      context: STATUS_ID,
    });
    await notifier.close();
  });

  test('an unchanged status is not set again; a changed one is', async () => {
    const { deps } = createTestDeps();
    const notifier = createGitHubNotifier(
      gitTarget('github', github.repositoryUrl, { token: TOKEN }),
      deps,
    );
    const sha = 'a'.repeat(40);
    const event = commitEvent({ metadata: { revision: `main@sha1:${sha}` } });
    await notifier.post(event);
    const before = github.server.requests.length;
    await notifier.post(event);
    assert.deepEqual(
      requestsSince(before).map((request) => request.method),
      ['GET'],
      'the duplicate is only listed',
    );
    await notifier.post({ ...event, severity: 'error', reason: 'HealthCheckFailed' });
    assert.deepEqual(github.statuses.get(sha)?.[0], {
      state: 'failure',
      description: 'health check failed',
      context: STATUS_ID,
    });
    assert.equal(github.statuses.get(sha)?.length, 2);
    await notifier.close();
  });

  test('every revision form Flux emits reaches the same commit', async () => {
    const { deps } = createTestDeps();
    const notifier = createGitHubNotifier(
      gitTarget('github', github.repositoryUrl, { token: TOKEN }),
      deps,
    );
    const forms: Record<string, string>[] = [
      { revision: `main@sha1:${SHA}` },
      { revision: `sha1:${SHA}` },
      { revision: `main/${SHA}` },
      { revision: `v1.0.0@sha1:${SHA}` },
      { revision: `latest@sha256:${'f'.repeat(64)}`, originRevision: `main@sha1:${SHA}` },
      { revision: '6.5.0', commit: SHA },
    ];
    for (const [index, metadata] of forms.entries()) {
      const before = github.server.requests.length;
      // A new reason each time, so that no status is a duplicate.
      await notifier.post(commitEvent({ metadata, reason: `Form${index}` }));
      assert.equal(requestsSince(before)[1]?.path, `/api/v3/repos/org/repo/statuses/${SHA}`);
    }
    await notifier.close();
  });

  test('events naming no commit, and Progressing events, are skipped with a reason', async () => {
    const { deps } = createTestDeps();
    const notifier = createGitHubNotifier(
      gitTarget('github', github.repositoryUrl, { token: TOKEN }),
      deps,
    );
    const before = github.server.requests.length;
    const skipped = async (event: ReturnType<typeof sampleEvent>, reason: RegExp) => {
      await assert.rejects(notifier.post(event), (error: unknown) => {
        assert.ok(error instanceof NotificationSkipped);
        assert.equal(error.code, 'HERALD_NOTIFICATION_SKIPPED');
        assert.match(error.reason, reason);
        return true;
      });
    };
    await skipped(sampleEvent(), /no revision metadata/);
    await skipped(
      commitEvent({ metadata: { revision: `latest@sha256:${'f'.repeat(64)}` } }),
      /'revision' metadata "latest@sha256:f+" names no Git commit/,
    );
    await skipped(commitEvent({ reason: 'Progressing' }), /Progressing/);
    assert.equal(github.server.requests.length, before, 'nothing was sent');
    await notifier.close();
  });

  test('spec.commitStatusExpr names the status, with the Alert in view', async () => {
    const { deps } = createTestDeps();
    const notifier = createGitHubNotifier(
      gitTarget(
        'github',
        github.repositoryUrl,
        { token: TOKEN },
        {
          commitStatusExpr:
            "event.involvedObject.kind + '/' + event.involvedObject.name + '/' + event.metadata.clusterName + '/' + alert.metadata.name",
        },
      ),
      deps,
    );
    const sha = 'b'.repeat(40);
    await notifier.post(
      commitEvent({ metadata: { revision: `main@sha1:${sha}`, clusterName: 'prod-eu' } }),
      undefined,
      { alertObject: SAMPLE_ALERT },
    );
    assert.equal(github.statuses.get(sha)?.[0]?.context, 'Kustomization/apps/prod-eu/on-call');
    await assert.rejects(
      notifier.post(commitEvent(), undefined, { alertObject: SAMPLE_ALERT }),
      /spec\.commitStatusExpr failed for the event: No such key: clusterName/,
    );
    await notifier.close();
  });

  test("a bad token is GitHub's 401, and the token appears nowhere in the error", async () => {
    const { deps } = createTestDeps();
    const notifier = createGitHubNotifier(
      gitTarget('github', github.repositoryUrl, { token: 'ghp_wrongsecret' }),
      deps,
    );
    await assertRefused(notifier.post(commitEvent()), 401, 'ghp_wrongsecret');
    await notifier.close();
  });

  test('an unknown repository is a 404, not retried', async () => {
    const { deps } = createTestDeps();
    const notifier = createGitHubNotifier(
      gitTarget('github', `${github.server.url}/org/other`, { token: TOKEN }),
      deps,
    );
    await assert.rejects(notifier.post(commitEvent()), {
      code: 'HERALD_DELIVERY_REJECTED',
      status: 404,
      attempts: 1,
    });
    await notifier.close();
  });

  test('addresses that name no owner/repo are refused when the notifier is built', () => {
    const { deps } = createTestDeps();
    for (const address of [
      `${github.server.url}/org`,
      `${github.server.url}/a/b/c`,
      'git://host/org/repo',
    ]) {
      assert.throws(
        () => createGitHubNotifier(gitTarget('github', address, { token: TOKEN }), deps),
        {
          code: 'HERALD_PROVIDER_INVALID_REPOSITORY',
        },
      );
    }
    assert.throws(() => createGitHubNotifier(gitTarget('github', github.repositoryUrl), deps), {
      code: 'HERALD_PROVIDER_MISSING_TOKEN',
      message: /a github token or GitHub App details must be specified/,
    });
  });
});

describe('github notifier: ssh addresses', () => {
  test('ssh://git@host:port/org/repo.git calls https://host:port/api/v3', async () => {
    const github = await startGitHubStandIn({
      tls: { cert: TEST_TLS.serverCert, key: TEST_TLS.serverKey },
    });
    github.tokens.add(TOKEN);
    const port = new URL(github.server.url).port;
    const { deps } = createTestDeps();
    const notifier = createGitHubNotifier(
      gitTarget('github', `ssh://git@127.0.0.1:${port}/org/repo.git`, {
        token: TOKEN,
        tls: { ca: TEST_TLS.ca },
      }),
      deps,
    );
    await notifier.post(commitEvent());
    assert.equal(github.statuses.get(SHA)?.[0]?.context, STATUS_ID);
    await notifier.close();
    await github.close();
  });
});

describe('github notifier: GitHub App', () => {
  test('exchanges a signed JWT for an installation token, and keeps it until it expires', async () => {
    const { deps, clock } = createTestDeps();
    const github = await startGitHubStandIn({
      now: () => clock.now(),
      tokenLifetimeMs: 60 * 60_000,
    });
    const secretData = appSecretData(github);
    const notifier = createGitHubNotifier(
      gitTarget('github', github.repositoryUrl, { secretData }),
      deps,
    );
    await notifier.post(commitEvent());
    await notifier.post(commitEvent({ reason: 'Again' }));
    assert.deepEqual(github.issuedTokens, ['ghs_installation1'], 'one exchange for two events');
    const exchange = github.server.requests.find((request) =>
      request.path.endsWith('/access_tokens'),
    );
    assert.equal(exchange?.method, 'POST');
    assert.equal(
      exchange.path,
      `/api/v3/app/installations/${github.app.installationId}/access_tokens`,
    );
    assert.match(exchange.headers.authorization ?? '', /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const statusCalls = github.server.requests.filter((request) =>
      request.path.includes('/repos/'),
    );
    assert.ok(
      statusCalls.every((request) => request.headers.authorization === 'Bearer ghs_installation1'),
    );

    // Within the last minute of its hour the token is replaced.
    clock.advance(59 * 60_000 + 1);
    await notifier.post(commitEvent({ reason: 'Later' }));
    assert.deepEqual(github.issuedTokens, ['ghs_installation1', 'ghs_installation2']);
    assert.equal(github.server.requests.at(-1)?.headers.authorization, 'Bearer ghs_installation2');
    await notifier.close();
    await github.close();
  });

  test('a private key that does not load is refused up front, never quoted', () => {
    const { deps } = createTestDeps();
    const key =
      '-----BEGIN RSA PRIVATE KEY-----\nnotakeyatallsecretbits\n-----END RSA PRIVATE KEY-----';
    assert.throws(
      () =>
        createGitHubNotifier(
          gitTarget('github', 'https://github.com/org/repo', {
            secretData: {
              githubAppID: '1',
              githubAppInstallationID: '2',
              githubAppPrivateKey: key,
            },
          }),
          deps,
        ),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'HERALD_PROVIDER_MISSING_TOKEN');
        assert.match(error.message, /'githubAppPrivateKey' is not a PEM private key/);
        assert.ok(!error.message.includes('notakeyatall'), error.message);
        return true;
      },
    );
  });
});
