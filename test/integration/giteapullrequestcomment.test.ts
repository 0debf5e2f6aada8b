import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createGiteaPullRequestCommentNotifier } from '../../src/notifiers/giteapullrequestcomment.js';
import { GITEA_LOGIN, startGiteaStandIn, type GiteaStandIn } from '../support/gitea-stand-in.js';
import { assertRefused, gitTarget, PROVIDER_UID } from '../support/git-target.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';

const TOKEN = 'gitea-comment-token';
const MARKER = `<!-- flux-pr-comment-key:${PROVIDER_UID}/Kustomization/flux-system/apps -->`;
const ISSUES = '/api/v1/repos/org/repo/issues';

const prEvent = (number: number, overrides: Parameters<typeof sampleEvent>[0] = {}) =>
  sampleEvent({ metadata: { change_request: String(number), cluster: 'eu-1' }, ...overrides });

describe('giteapullrequestcomment notifier', () => {
  let gitea: GiteaStandIn;
  before(async () => {
    gitea = await startGiteaStandIn(TOKEN);
  });
  after(() => gitea.close());

  const notifier = (token = TOKEN) =>
    createGiteaPullRequestCommentNotifier(
      gitTarget('giteapullrequestcomment', gitea.repositoryUrl, { token }),
      createTestDeps().deps,
    );

  test('asks the version and the user, creates the comment once, then edits it', async () => {
    const pr = notifier();
    const before = gitea.server.requests.length;
    await pr.post(prEvent(4, { severity: 'error', message: 'Health check failed' }));
    assert.deepEqual(
      gitea.server.requests.slice(before).map((request) => `${request.method} ${request.path}`),
      [
        'GET /api/v1/version',
        'GET /api/v1/user',
        `GET ${ISSUES}/4/comments?limit=100&page=1`,
        `POST ${ISSUES}/4/comments`,
      ],
    );
    const body = `${MARKER}\n\n## Flux Status\n\n⚠️ Kustomization/flux-system/apps\n\nHealth check failed\n\nMetadata:\n* \`cluster\`: eu-1\n`;
    assert.deepEqual(gitea.comments.get(4), [{ id: 70, body, user: { login: GITEA_LOGIN } }]);
    await pr.post(prEvent(4, { message: 'Recovered' }));
    assert.equal(gitea.comments.get(4)?.length, 1);
    assert.match(
      gitea.comments.get(4)?.[0]?.body ?? '',
      /ℹ️ Kustomization\/flux-system\/apps\n\nRecovered/,
    );
    assert.deepEqual(
      [gitea.server.requests.at(-1)?.method, gitea.server.requests.at(-1)?.path],
      ['PATCH', `${ISSUES}/comments/70`],
    );
    await pr.close();
  });

  test('a wrong token is a 401, without the token in the error', async () => {
    const pr = notifier('gitea-wrong-token');
    await assertRefused(pr.post(prEvent(1)), 401, 'gitea-wrong-token');
    await pr.close();
  });
});
