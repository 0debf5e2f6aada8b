import { PULL_REQUEST_COMMENT_PREFIX } from './githubpullrequestcomment.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { CREATE_ONCE_POLICY, type CommentHost } from './git/change-request-comment.js';
import { commentRequest, createCommentNotifier } from './git/comment-notifier.js';
import { createGitPoster } from './git/git-target.js';
import { giteaClientOf } from './git/gitea-client.js';
import { parseJsonAnswer, stringField } from './git/json-answer.js';
import { listedComments } from './git/listed-comments.js';

/**
 * Flux's `giteapullrequestcomment` notifier: one comment per pull request and object, found by
 * its marker among the first 100 comments by the token's user, edited in place
 * (`PATCH /api/v1/repos/{owner}/{repo}/issues/comments/{id}`) or created
 * (`POST /api/v1/repos/{owner}/{repo}/issues/{number}/comments`). As the Gitea SDK Flux uses,
 * each event first asks the server's version, and who the token is.
 */
export function createGiteaPullRequestCommentNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
): Notifier {
  const gitea = giteaClientOf(target, deps);
  const createOnce = createGitPoster(target, deps, gitea.apiBase, CREATE_ONCE_POLICY);
  const issues = `${gitea.repoPath}/issues`;
  const request = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: string) =>
    commentRequest(method, url, body, gitea.headers, 'marshal');
  const host: CommentHost = {
    async author(signal) {
      const answer = await gitea.poster.post(request('GET', `${gitea.apiBase}/user`), signal);
      return stringField(parseJsonAnswer(answer.body), 'login') ?? '';
    },
    async list(number, signal) {
      const url = `${issues}/${number}/comments?limit=100&page=1`;
      const answer = await gitea.poster.post(request('GET', url), signal);
      return listedComments(parseJsonAnswer(answer.body));
    },
    async update(_number, id, body, signal) {
      await gitea.poster.post(request('PATCH', `${issues}/comments/${id}`, body), signal);
    },
    async create(number, body, signal) {
      await createOnce.post(request('POST', `${issues}/${number}/comments`, body), signal);
    },
  };
  return createCommentNotifier(target, deps, PULL_REQUEST_COMMENT_PREFIX, host, (signal) =>
    gitea.checkServer(signal),
  );
}
