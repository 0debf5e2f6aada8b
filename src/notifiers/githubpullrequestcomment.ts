import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import type { JsonPoster } from '../http/post-json.js';
import { createClosableNotifier } from './closable-notifier.js';
import { GITHUB_HEADERS, githubApiBase, githubTokenSource } from './github.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import {
  changeRequestOf,
  commentBody,
  commentMarker,
  CREATE_ONCE_POLICY,
  upsertComment,
  type CommentHost,
} from './git/change-request-comment.js';
import { createGitPoster, gitRepositoryOf, pathOf } from './git/git-target.js';
import { parseJsonAnswer, stringField } from './git/json-answer.js';
import { listedComments } from './git/listed-comments.js';
import { providerUidOf } from './git/provider-uid.js';

/** Flux's marker prefix for pull-request comments (GitHub's and Gitea's). */
export const PULL_REQUEST_COMMENT_PREFIX = 'flux-pr-comment-key';

/**
 * Flux's `githubpullrequestcomment` notifier: one comment per pull request and object, found
 * by its marker among the first 100 comments by the same author, edited in place
 * (`PATCH /repos/{owner}/{repo}/issues/comments/{id}`) or created
 * (`POST /repos/{owner}/{repo}/issues/{number}/comments`).
 */
export function createGitHubPullRequestCommentNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
): Notifier {
  const providerUid = providerUidOf(target);
  const repository = gitRepositoryOf(target, 'https://<host>/<owner>/<repo>', 2);
  const [owner = '', repo = ''] = repository.segments;
  const apiBase = githubApiBase(repository);
  const poster = createGitPoster(target, deps, apiBase);
  const createOnce = createGitPoster(target, deps, apiBase, CREATE_ONCE_POLICY);
  const tokens = githubTokenSource(target, poster, deps);
  const repoPath = `${apiBase}/repos/${pathOf(owner, repo)}`;
  const headers = async (signal: AbortSignal) => ({
    ...GITHUB_HEADERS,
    Authorization: `Bearer ${await tokens.token(signal)}`,
  });
  const send = async (
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
        body: Buffer.from(body === undefined ? '' : `${JSON.stringify({ body })}\n`),
        headers: await headers(signal),
      },
      signal,
    );
  let author: Promise<string> | undefined;
  const host: CommentHost = {
    author(signal) {
      // An App comments as `<slug>[bot]`; a token as its user.
      author ??= (
        tokens.appSlug === undefined
          ? send(poster, 'GET', `${apiBase}/user`, undefined, signal).then(
              (receipt) => stringField(parseJsonAnswer(receipt.body), 'login') ?? '',
            )
          : tokens.appSlug(signal).then((slug) => `${slug}[bot]`)
      ).catch((error: unknown) => {
        author = undefined;
        throw error;
      });
      return author;
    },
    async list(number, signal) {
      const receipt = await send(
        poster,
        'GET',
        `${repoPath}/issues/${number}/comments?direction=asc&per_page=100&sort=created`,
        undefined,
        signal,
      );
      return listedComments(parseJsonAnswer(receipt.body));
    },
    async update(_number, id, body, signal) {
      await send(poster, 'PATCH', `${repoPath}/issues/comments/${id}`, body, signal);
    },
    async create(number, body, signal) {
      await send(createOnce, 'POST', `${repoPath}/issues/${number}/comments`, body, signal);
    },
  };
  const name = `Provider ${target.namespace}/${target.name} (${target.type})`;
  return createClosableNotifier(name, async (event, signal) => {
    const number = changeRequestOf(event, name);
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
