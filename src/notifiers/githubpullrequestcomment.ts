import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { CREATE_ONCE_POLICY, type CommentHost } from './git/change-request-comment.js';
import { commentRequest, createCommentNotifier, rememberedAuthor } from './git/comment-notifier.js';
import { createGitPoster } from './git/git-target.js';
import { githubClientOf } from './git/github-client.js';
import { parseJsonAnswer, stringField } from './git/json-answer.js';
import { listedComments } from './git/listed-comments.js';

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
  const github = githubClientOf(target, deps);
  const createOnce = createGitPoster(target, deps, github.apiBase, CREATE_ONCE_POLICY);
  const issues = `${github.repoPath}/issues`;
  const request = async (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    body: string | undefined,
    signal: AbortSignal,
  ) => commentRequest(method, url, body, await github.headers(signal), 'encoder');
  const { appSlug } = github.tokens;
  const host: CommentHost = {
    // An App comments as `<slug>[bot]`; a token as its user.
    author: rememberedAuthor(async (signal) => {
      if (appSlug !== undefined) return `${await appSlug(signal)}[bot]`;
      const answer = await github.poster.post(
        await request('GET', `${github.apiBase}/user`, undefined, signal),
        signal,
      );
      return stringField(parseJsonAnswer(answer.body), 'login') ?? '';
    }),
    async list(number, signal) {
      const url = `${issues}/${number}/comments?direction=asc&per_page=100&sort=created`;
      const answer = await github.poster.post(await request('GET', url, undefined, signal), signal);
      return listedComments(parseJsonAnswer(answer.body));
    },
    async update(_number, id, body, signal) {
      const url = `${issues}/comments/${id}`;
      await github.poster.post(await request('PATCH', url, body, signal), signal);
    },
    async create(number, body, signal) {
      await createOnce.post(
        await request('POST', `${issues}/${number}/comments`, body, signal),
        signal,
      );
    },
  };
  return createCommentNotifier(target, deps, PULL_REQUEST_COMMENT_PREFIX, host);
}
