import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createGitHubPullRequestCommentNotifier } from '../../src/notifiers/githubpullrequestcomment.js';
import {
  GITHUB_APP_SLUG,
  GITHUB_USER,
  appSecretData,
  startGitHubStandIn,
  type GitHubStandIn,
} from '../support/github-stand-in.js';
import { assertRefused, gitTarget, PROVIDER_UID } from '../support/git-target.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';

const TOKEN = 'ghp_commentsecret';
const MARKER = `<!-- flux-pr-comment-key:${PROVIDER_UID}/Kustomization/flux-system/apps -->`;

const prEvent = (number: number, overrides: Parameters<typeof sampleEvent>[0] = {}) =>
  sampleEvent({
    message: 'Applied revision main@sha1:abc',
    metadata: { change_request: String(number), revision: 'main@sha1:abc', env: 'prod' },
    ...overrides,
  });

describe('githubpullrequestcomment notifier', () => {
  let github: GitHubStandIn;
  before(async () => {
    github = await startGitHubStandIn();
    github.tokens.add(TOKEN);
  });
  after(() => github.close());

  const notifier = () =>
    createGitHubPullRequestCommentNotifier(
      gitTarget('githubpullrequestcomment', github.repositoryUrl, { token: TOKEN }),
      createTestDeps().deps,
    );

  test("creates Flux's comment, then edits that one comment in place", async () => {
    const pr = notifier();
    const before = github.server.requests.length;
    await pr.post(prEvent(7));
    const requests = github.server.requests.slice(before);
    assert.deepEqual(
      requests.map((request) => `${request.method} ${request.path}`),
      [
        'GET /api/v3/user',
        'GET /api/v3/repos/org/repo/issues/7/comments?direction=asc&per_page=100&sort=created',
        'POST /api/v3/repos/org/repo/issues/7/comments',
      ],
    );
    const body =
      `${MARKER}\n\n## Flux Status\n\nℹ️ Kustomization/flux-system/apps\n\n` +
      'Applied revision main@sha1:abc\n\nMetadata:\n* `env`: prod\n* `revision`: main@sha1:abc\n';
    assert.equal(requests[2]?.body.toString(), `${JSON.stringify({ body })}\n`);
    assert.deepEqual(github.comments.get(7), [{ id: 1000, user: { login: GITHUB_USER }, body }]);

    await pr.post(prEvent(7, { severity: 'error', message: 'Health check failed' }));
    const comments = github.comments.get(7) ?? [];
    assert.equal(comments.length, 1, 'the same comment, edited');
    assert.match(
      comments[0]?.body ?? '',
      /⚠️ Kustomization\/flux-system\/apps\n\nHealth check failed/,
    );
    assert.equal(github.server.requests.at(-1)?.method, 'PATCH');
    assert.equal(
      github.server.requests.at(-1)?.path,
      '/api/v3/repos/org/repo/issues/comments/1000',
    );
    await pr.close();
  });

  test("another author's comment with the marker, or another object's, is left alone", async () => {
    github.comments.set(8, [
      { id: 1, user: { login: 'someone-else' }, body: `${MARKER}\nquoted` },
      { id: 2, user: { login: GITHUB_USER }, body: MARKER.replace('/apps -->', '/other -->') },
    ]);
    const pr = notifier();
    await pr.post(prEvent(8));
    assert.equal(github.comments.get(8)?.length, 3);
    assert.equal(github.comments.get(8)?.[0]?.body, `${MARKER}\nquoted`);
    await pr.close();
  });

  test('a create whose answer is lost is not made twice: the retry finds and edits it', async () => {
    const { deps, delays } = createTestDeps();
    const pr = createGitHubPullRequestCommentNotifier(
      gitTarget('githubpullrequestcomment', github.repositoryUrl, { token: TOKEN }),
      deps,
    );
    github.loseNextCreateAnswer();
    await pr.post(prEvent(9));
    assert.equal(github.comments.get(9)?.length, 1, 'one comment');
    assert.deepEqual(delays, [2_000], "one wait, Flux's first backoff");
    assert.equal(github.server.requests.at(-1)?.method, 'PATCH');
    await pr.close();
  });

  test('a GitHub App comments as <slug>[bot] and finds its comment so', async () => {
    const { deps, clock } = createTestDeps();
    const appHost = await startGitHubStandIn({ now: () => clock.now() });
    const pr = createGitHubPullRequestCommentNotifier(
      gitTarget('githubpullrequestcomment', appHost.repositoryUrl, {
        secretData: appSecretData(appHost),
      }),
      deps,
    );
    await pr.post(prEvent(3));
    await pr.post(prEvent(3, { message: 'again' }));
    assert.deepEqual(
      (appHost.comments.get(3) ?? []).map((comment) => comment.user.login),
      [`${GITHUB_APP_SLUG}[bot]`],
    );
    assert.match(appHost.comments.get(3)?.[0]?.body ?? '', /\n\nagain\n\n/);
    await pr.close();
    await appHost.close();
  });

  test('no change_request, or not a number, fails as Flux; a bad token is a 401', async () => {
    const pr = notifier();
    await assert.rejects(pr.post(sampleEvent()), {
      code: 'HERALD_CHANGE_REQUEST_INVALID',
      message: /missing "change_request" metadata key/,
    });
    await assert.rejects(pr.post(prEvent(1, { metadata: { change_request: 'abc' } })), {
      code: 'HERALD_CHANGE_REQUEST_INVALID',
    });
    await pr.close();
    const wrong = createGitHubPullRequestCommentNotifier(
      gitTarget('githubpullrequestcomment', github.repositoryUrl, { token: 'ghp_bad' }),
      createTestDeps().deps,
    );
    await assertRefused(wrong.post(prEvent(1)), 401, 'ghp_bad');
    await wrong.close();
  });

  test('a Provider without a UID is refused, as Flux', () => {
    const target = gitTarget('githubpullrequestcomment', github.repositoryUrl, { token: TOKEN });
    assert.throws(
      () =>
        createGitHubPullRequestCommentNotifier(
          { ...target, resource: undefined },
          createTestDeps().deps,
        ),
      /provider UID cannot be empty/,
    );
  });
});
