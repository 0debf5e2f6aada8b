import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import {
  CREATE_ONCE_POLICY,
  type CommentHost,
  type ListedComment,
} from './git/change-request-comment.js';
import { commentRequest, createCommentNotifier, rememberedAuthor } from './git/comment-notifier.js';
import { createGitPoster } from './git/git-target.js';
import { gitlabClientOf } from './git/gitlab-client.js';
import { parseJsonAnswer, stringField } from './git/json-answer.js';

/** Flux's marker prefix for merge-request notes. */
export const MERGE_REQUEST_COMMENT_PREFIX = 'flux-mr-comment-key';

/**
 * Flux's `gitlabmergerequestcomment` notifier: one note per merge request and object, found by
 * its marker among the first 100 notes by the token's user, updated in place
 * (`PUT /projects/{id}/merge_requests/{iid}/notes/{note}`) or created
 * (`POST /projects/{id}/merge_requests/{iid}/notes`).
 */
export function createGitLabMergeRequestCommentNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
): Notifier {
  const gitlab = gitlabClientOf(target, deps);
  const createOnce = createGitPoster(target, deps, gitlab.apiBase, CREATE_ONCE_POLICY);
  const mergeRequests = `${gitlab.projectPath}/merge_requests`;
  const request = (method: 'GET' | 'POST' | 'PUT', url: string, body?: string) =>
    commentRequest(method, url, body, gitlab.headers, 'marshal');
  const host: CommentHost = {
    author: rememberedAuthor(async (signal) => {
      const answer = await gitlab.poster.post(request('GET', `${gitlab.apiBase}/user`), signal);
      return stringField(parseJsonAnswer(answer.body), 'username') ?? '';
    }),
    async list(iid, signal) {
      const url = `${mergeRequests}/${iid}/notes?order_by=created_at&per_page=100&sort=asc`;
      const answer = await gitlab.poster.post(request('GET', url), signal);
      return listedNotes(parseJsonAnswer(answer.body));
    },
    async update(iid, id, body, signal) {
      await gitlab.poster.post(request('PUT', `${mergeRequests}/${iid}/notes/${id}`, body), signal);
    },
    async create(iid, body, signal) {
      await createOnce.post(request('POST', `${mergeRequests}/${iid}/notes`, body), signal);
    },
  };
  return createCommentNotifier(target, deps, MERGE_REQUEST_COMMENT_PREFIX, host);
}

/** GitLab's notes: `id`, `author.username`, `body`. */
function listedNotes(answer: unknown): ListedComment[] {
  if (!Array.isArray(answer)) return [];
  return (answer as unknown[]).flatMap((entry) => {
    const record =
      typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    return typeof record['id'] === 'number'
      ? [
          {
            id: record['id'],
            author: stringField(record['author'], 'username'),
            body: stringField(entry, 'body') ?? '',
          },
        ]
      : [];
  });
}
