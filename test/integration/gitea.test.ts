import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NotificationSkipped } from '../../src/notifiers/notification-skipped.js';
import { createGiteaNotifier } from '../../src/notifiers/gitea.js';
import { startGiteaStandIn, type GiteaStandIn } from '../support/gitea-stand-in.js';
import { assertRefused, commitEvent, gitTarget, methodsOf, SHA } from '../support/git-target.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';

const TOKEN = 'gitea-secret-token';
const STATUS_ID = 'kustomization/apps/0c9c2e41';

describe('gitea notifier', () => {
  let gitea: GiteaStandIn;
  before(async () => {
    gitea = await startGiteaStandIn(TOKEN);
  });
  after(() => gitea.close());

  test('asks the version, lists a page of 50, then creates the status as the SDK does', async () => {
    const { deps } = createTestDeps();
    const notifier = createGiteaNotifier(
      gitTarget('gitea', gitea.repositoryUrl, { token: TOKEN }),
      deps,
    );
    const before = gitea.server.requests.length;
    await notifier.post(commitEvent());
    const [version, list, create] = gitea.server.requests.slice(before);
    assert.ok(version && list && create);
    assert.deepEqual([version.method, version.path], ['GET', '/api/v1/version']);
    assert.deepEqual(
      [list.method, list.path],
      ['GET', `/api/v1/repos/org/repo/commits/${SHA}/statuses?limit=50&page=1`],
    );
    assert.equal(list.headers.authorization, `token ${TOKEN}`);
    assert.deepEqual(
      [create.method, create.path],
      ['POST', `/api/v1/repos/org/repo/statuses/${SHA}`],
    );
    assert.equal(
      create.body.toString(),
      `{"state":"success","target_url":"","description":"reconciliation succeeded","context":"${STATUS_ID}"}`,
    );
    await notifier.close();
  });

  test('Progressing sets pending (Gitea alone does); an unchanged status is not set again', async () => {
    const { deps } = createTestDeps();
    const notifier = createGiteaNotifier(
      gitTarget('gitea', gitea.repositoryUrl, { token: TOKEN }),
      deps,
    );
    const sha = 'd'.repeat(40);
    const progressing = commitEvent({
      reason: 'Progressing',
      metadata: { revision: `sha1:${sha}` },
    });
    await notifier.post(progressing);
    assert.equal(gitea.statuses.get(sha)?.[0]?.status, 'pending');
    assert.deepEqual(await methodsOf(gitea.server, () => notifier.post(progressing)), [
      'GET',
      'GET',
    ]);
    await notifier.post({ ...progressing, severity: 'error', reason: 'BuildFailed' });
    assert.deepEqual(gitea.statuses.get(sha)?.[0], {
      status: 'failure',
      description: 'build failed',
      context: STATUS_ID,
      target_url: '',
    });
    await notifier.close();
  });

  test('an event naming no commit is skipped', async () => {
    const { deps } = createTestDeps();
    const notifier = createGiteaNotifier(
      gitTarget('gitea', gitea.repositoryUrl, { token: TOKEN }),
      deps,
    );
    await assert.rejects(
      notifier.post(sampleEvent({ metadata: { revision: `latest@sha256:${'e'.repeat(64)}` } })),
      NotificationSkipped,
    );
    await notifier.close();
  });

  test('the password stands in for a missing token, as Flux', async () => {
    const { deps } = createTestDeps();
    const notifier = createGiteaNotifier(
      gitTarget('gitea', gitea.repositoryUrl, { password: TOKEN }),
      deps,
    );
    await notifier.post(commitEvent({ reason: 'ByPassword' }));
    assert.equal(gitea.server.requests.at(-1)?.headers.authorization, `token ${TOKEN}`);
    await notifier.close();
  });

  test("a wrong token is Gitea's 401, an unknown repository its 404, the token never shown", async () => {
    const { deps } = createTestDeps();
    const wrong = createGiteaNotifier(
      gitTarget('gitea', gitea.repositoryUrl, { token: 'not-the-token' }),
      deps,
    );
    await assertRefused(wrong.post(commitEvent()), 401, 'not-the-token');
    const unknown = createGiteaNotifier(
      gitTarget('gitea', `${gitea.server.url}/org/other`, { token: TOKEN }),
      deps,
    );
    await assert.rejects(unknown.post(commitEvent()), { status: 404 });
    await wrong.close();
    await unknown.close();
    assert.throws(() => createGiteaNotifier(gitTarget('gitea', gitea.repositoryUrl), deps), {
      code: 'HERALD_PROVIDER_MISSING_TOKEN',
    });
  });
});
