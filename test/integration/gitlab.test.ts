import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NotificationSkipped } from '../../src/notifiers/notification-skipped.js';
import { createGitLabNotifier } from '../../src/notifiers/gitlab.js';
import { startGitLabStandIn, type GitLabStandIn } from '../support/gitlab-stand-in.js';
import { assertRefused, commitEvent, gitTarget, methodsOf, SHA } from '../support/git-target.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';

const TOKEN = 'glpat-secrettoken';
const STATUS_ID = 'kustomization/apps/0c9c2e41';
const PROJECT_PATH = '/api/v4/projects/group%2Fsubgroup%2Fproject';

describe('gitlab notifier', () => {
  let gitlab: GitLabStandIn;
  before(async () => {
    gitlab = await startGitLabStandIn(TOKEN);
  });
  after(() => gitlab.close());

  test('lists by name, then sets the status on the project in its subgroup', async () => {
    const { deps } = createTestDeps();
    const notifier = createGitLabNotifier(
      gitTarget('gitlab', gitlab.projectUrl, { token: TOKEN }),
      deps,
    );
    const before = gitlab.server.requests.length;
    await notifier.post(commitEvent({ severity: 'error', reason: 'HealthCheckFailed' }));
    const [list, set] = gitlab.server.requests.slice(before);
    assert.ok(list && set);
    assert.equal(list.method, 'GET');
    assert.equal(
      list.path,
      `${PROJECT_PATH}/repository/commits/${SHA}/statuses?name=${encodeURIComponent(STATUS_ID)}`,
    );
    assert.equal(list.headers['private-token'], TOKEN);
    assert.equal(list.headers.authorization, undefined);
    assert.equal(set.method, 'POST');
    assert.equal(set.path, `${PROJECT_PATH}/statuses/${SHA}`);
    assert.equal(set.headers['private-token'], TOKEN);
    assert.equal(
      set.body.toString(),
      `{"state":"failed","name":"${STATUS_ID}","description":"health check failed"}`,
    );
    await notifier.close();
  });

  test('a status GitLab already lists is not set again', async () => {
    const { deps } = createTestDeps();
    const notifier = createGitLabNotifier(
      gitTarget('gitlab', gitlab.projectUrl, { token: TOKEN }),
      deps,
    );
    const sha = 'c'.repeat(40);
    const event = commitEvent({ metadata: { revision: `main/${sha}` } });
    await notifier.post(event);
    assert.deepEqual(await methodsOf(gitlab.server, () => notifier.post(event)), ['GET']);
    assert.deepEqual(gitlab.statuses.get(sha), [
      { sha, status: 'success', name: STATUS_ID, description: 'reconciliation succeeded' },
    ]);
    await notifier.close();
  });

  test('ssh and scp-like addresses name the same project', () => {
    const { deps } = createTestDeps();
    for (const address of [
      'git@gitlab.com:group/subgroup/project.git',
      'ssh://git@gitlab.example.com:2222/group/subgroup/project',
    ]) {
      const notifier = createGitLabNotifier(gitTarget('gitlab', address, { token: TOKEN }), deps);
      void notifier.close();
    }
  });

  test('Progressing events and events naming no commit are skipped', async () => {
    const { deps } = createTestDeps();
    const notifier = createGitLabNotifier(
      gitTarget('gitlab', gitlab.projectUrl, { token: TOKEN }),
      deps,
    );
    await assert.rejects(
      notifier.post(commitEvent({ reason: 'Progressing' })),
      NotificationSkipped,
    );
    await assert.rejects(notifier.post(sampleEvent()), NotificationSkipped);
    await notifier.close();
  });

  test("a wrong token is GitLab's 401; an unknown project its 404; neither shows the token", async () => {
    const { deps } = createTestDeps();
    const wrong = createGitLabNotifier(
      gitTarget('gitlab', gitlab.projectUrl, { token: 'glpat-wrongsecret' }),
      deps,
    );
    await assertRefused(wrong.post(commitEvent()), 401, 'glpat-wrongsecret');
    const unknown = createGitLabNotifier(
      gitTarget('gitlab', `${gitlab.server.url}/group/other`, { token: TOKEN }),
      deps,
    );
    await assert.rejects(unknown.post(commitEvent()), {
      code: 'HERALD_DELIVERY_REJECTED',
      status: 404,
    });
    await wrong.close();
    await unknown.close();
  });

  test('no token is refused when the notifier is built, as Flux', () => {
    const { deps } = createTestDeps();
    assert.throws(() => createGitLabNotifier(gitTarget('gitlab', gitlab.projectUrl), deps), {
      code: 'HERALD_PROVIDER_MISSING_TOKEN',
      message: /gitlab token cannot be empty/,
    });
  });
});
