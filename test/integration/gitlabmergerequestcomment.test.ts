import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createGitLabMergeRequestCommentNotifier } from '../../src/notifiers/gitlabmergerequestcomment.js';
import {
  GITLAB_USERNAME,
  startGitLabStandIn,
  type GitLabStandIn,
} from '../support/gitlab-stand-in.js';
import { assertRefused, gitTarget, PROVIDER_UID } from '../support/git-target.js';
import { createTestDeps } from '../support/notifier-deps.js';
import { sampleEvent } from '../support/sample-event.js';

const TOKEN = 'glpat-notesecret';
const MARKER = `<!-- flux-mr-comment-key:${PROVIDER_UID}/Kustomization/flux-system/apps -->`;
const NOTES = '/api/v4/projects/group%2Fsubgroup%2Fproject/merge_requests';

const mrEvent = (iid: number, overrides: Parameters<typeof sampleEvent>[0] = {}) =>
  sampleEvent({ metadata: { change_request: String(iid) }, ...overrides });

describe('gitlabmergerequestcomment notifier', () => {
  let gitlab: GitLabStandIn;
  before(async () => {
    gitlab = await startGitLabStandIn(TOKEN);
  });
  after(() => gitlab.close());

  const notifier = (token = TOKEN) =>
    createGitLabMergeRequestCommentNotifier(
      gitTarget('gitlabmergerequestcomment', gitlab.projectUrl, { token }),
      createTestDeps().deps,
    );

  test('creates the note once, then updates it in place', async () => {
    const mr = notifier();
    const before = gitlab.server.requests.length;
    await mr.post(mrEvent(12));
    const requests = gitlab.server.requests.slice(before);
    assert.deepEqual(
      requests.map((request) => `${request.method} ${request.path}`),
      [
        'GET /api/v4/user',
        `GET ${NOTES}/12/notes?order_by=created_at&per_page=100&sort=asc`,
        `POST ${NOTES}/12/notes`,
      ],
    );
    assert.ok(requests.every((request) => request.headers['private-token'] === TOKEN));
    // json.Marshal's escaping: the marker's < and > as \u003c and \u003e.
    assert.match(requests[2]?.body.toString() ?? '', /^\{"body":"\\u003c!-- flux-mr-comment-key:/);
    const body = `${MARKER}\n\n## Flux Status\n\nℹ️ Kustomization/flux-system/apps\n\nReconciliation finished\n\nMetadata:\n`;
    assert.deepEqual(gitlab.notes.get(12), [
      { id: 500, body, author: { username: GITLAB_USERNAME } },
    ]);

    await mr.post(mrEvent(12, { message: 'Reconciliation finished again' }));
    assert.equal(gitlab.notes.get(12)?.length, 1);
    assert.match(gitlab.notes.get(12)?.[0]?.body ?? '', /finished again/);
    assert.deepEqual(
      [gitlab.server.requests.at(-1)?.method, gitlab.server.requests.at(-1)?.path],
      ['PUT', `${NOTES}/12/notes/500`],
    );
    await mr.close();
  });

  test('a wrong token is a 401, without the token in the error', async () => {
    const mr = notifier('glpat-badvalue');
    await assertRefused(mr.post(mrEvent(1)), 401, 'glpat-badvalue');
    await mr.close();
  });

  test('no token is refused up front, as Flux', () => {
    assert.throws(() => notifier(''), { code: 'HERALD_PROVIDER_MISSING_TOKEN' });
  });
});
