import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import type { JsonPoster } from '../http/post-json.js';
import { createClosableNotifier } from './closable-notifier.js';
import { goJsonString } from './go-json-string.js';
import { PULL_REQUEST_COMMENT_PREFIX } from './githubpullrequestcomment.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { configError } from './target-validation.js';
import {
  changeRequestOf,
  commentBody,
  commentMarker,
  CREATE_ONCE_POLICY,
  upsertComment,
  type CommentHost,
} from './git/change-request-comment.js';
import { createGitPoster, gitRepositoryOf, pathOf } from './git/git-target.js';
import { checkGiteaServer } from './git/gitea-version.js';
import { parseJsonAnswer, stringField } from './git/json-answer.js';
import { listedComments } from './git/listed-comments.js';
import { providerUidOf } from './git/provider-uid.js';

/**
 * Flux's `giteapullrequestcomment` notifier: one comment per pull request and object, found by
 * its marker among the first 100 comments by the token's user, edited in place
 * (`PATCH /api/v1/repos/{owner}/{repo}/issues/comments/{id}`) or created
 * (`POST /api/v1/repos/{owner}/{repo}/issues/{number}/comments`). As the Gitea SDK Flux uses,
 * each event first asks the server's version.
 */
export function createGiteaPullRequestCommentNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
): Notifier {
  const providerUid = providerUidOf(target);
  const repository = gitRepositoryOf(target, 'https://<host>/<owner>/<repo>', 2);
  const [owner = '', repo = ''] = repository.segments;
  // As Flux: the password stands in for a missing token.
  const token = (target.token ?? '') === '' ? (target.password ?? '') : (target.token ?? '');
  if (token === '') {
    throw configError(target, 'HERALD_PROVIDER_MISSING_TOKEN', 'gitea token cannot be empty');
  }
  const apiBase = `${repository.origin}/api/v1`;
  const poster = createGitPoster(target, deps, apiBase);
  const createOnce = createGitPoster(target, deps, apiBase, CREATE_ONCE_POLICY);
  const issues = `${apiBase}/repos/${pathOf(owner, repo)}/issues`;
  const headers = { Authorization: `token ${token}` };
  const send = (
    client: JsonPoster,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    body: string | undefined,
    signal: AbortSignal,
  ) =>
    client.post(
      {
        method,
        url,
        // The SDK's comment options through json.Marshal.
        body: Buffer.from(body === undefined ? '' : `{"body":${goJsonString(body)}}`),
        headers,
      },
      signal,
    );
  const host: CommentHost = {
    // The SDK asks who the token is each time it is built, that is each event in Flux.
    async author(signal) {
      const receipt = await send(poster, 'GET', `${apiBase}/user`, undefined, signal);
      return stringField(parseJsonAnswer(receipt.body), 'login') ?? '';
    },
    async list(number, signal) {
      const receipt = await send(
        poster,
        'GET',
        `${issues}/${number}/comments?limit=100&page=1`,
        undefined,
        signal,
      );
      return listedComments(parseJsonAnswer(receipt.body));
    },
    async update(_number, id, body, signal) {
      await send(poster, 'PATCH', `${issues}/comments/${id}`, body, signal);
    },
    async create(number, body, signal) {
      await send(createOnce, 'POST', `${issues}/${number}/comments`, body, signal);
    },
  };
  const name = `Provider ${target.namespace}/${target.name} (${target.type})`;
  return createClosableNotifier(name, async (event, signal) => {
    const number = changeRequestOf(event, name);
    await checkGiteaServer(poster, apiBase, headers, signal);
    const marker = commentMarker(PULL_REQUEST_COMMENT_PREFIX, providerUid, event);
    await upsertComment(
      host,
      number,
      marker,
      commentBody(marker, event),
      { retryPolicy: FLUX_RETRY_POLICY, clock: deps.clock },
      signal,
    );
  });
}
