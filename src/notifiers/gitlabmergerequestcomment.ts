import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import type { JsonPoster } from '../http/post-json.js';
import { createClosableNotifier } from './closable-notifier.js';
import { goJsonString } from './go-json-string.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { configError } from './target-validation.js';
import {
  changeRequestOf,
  commentBody,
  commentMarker,
  CREATE_ONCE_POLICY,
  upsertComment,
  type CommentHost,
  type ListedComment,
} from './git/change-request-comment.js';
import { createGitPoster, gitRepositoryOf } from './git/git-target.js';
import { parseJsonAnswer, stringField } from './git/json-answer.js';
import { providerUidOf } from './git/provider-uid.js';

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
  const providerUid = providerUidOf(target);
  const repository = gitRepositoryOf(target, 'https://<host>/<group>[/<subgroup>…]/<project>');
  const token = target.token ?? '';
  if (token === '') {
    throw configError(target, 'HERALD_PROVIDER_MISSING_TOKEN', 'gitlab token cannot be empty');
  }
  const apiBase = `${repository.origin}/api/v4`;
  const poster = createGitPoster(target, deps, apiBase);
  const createOnce = createGitPoster(target, deps, apiBase, CREATE_ONCE_POLICY);
  const mergeRequests = `${apiBase}/projects/${encodeURIComponent(repository.repositoryPath)}/merge_requests`;
  const headers = { 'PRIVATE-TOKEN': token };
  const send = (
    client: JsonPoster,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body: string | undefined,
    signal: AbortSignal,
  ) =>
    client.post(
      {
        method,
        url,
        // client-go's note options through json.Marshal.
        body: Buffer.from(body === undefined ? '' : `{"body":${goJsonString(body)}}`),
        headers,
      },
      signal,
    );
  let author: Promise<string> | undefined;
  const host: CommentHost = {
    author(signal) {
      author ??= send(poster, 'GET', `${apiBase}/user`, undefined, signal)
        .then((receipt) => stringField(parseJsonAnswer(receipt.body), 'username') ?? '')
        .catch((error: unknown) => {
          author = undefined;
          throw error;
        });
      return author;
    },
    async list(iid, signal) {
      const receipt = await send(
        poster,
        'GET',
        `${mergeRequests}/${iid}/notes?order_by=created_at&per_page=100&sort=asc`,
        undefined,
        signal,
      );
      return listedNotes(parseJsonAnswer(receipt.body));
    },
    async update(iid, id, body, signal) {
      await send(poster, 'PUT', `${mergeRequests}/${iid}/notes/${id}`, body, signal);
    },
    async create(iid, body, signal) {
      await send(createOnce, 'POST', `${mergeRequests}/${iid}/notes`, body, signal);
    },
  };
  const name = `Provider ${target.namespace}/${target.name} (${target.type})`;
  return createClosableNotifier(name, async (event, signal) => {
    const iid = changeRequestOf(event, name);
    const marker = commentMarker(MERGE_REQUEST_COMMENT_PREFIX, providerUid, event);
    await upsertComment(
      host,
      iid,
      marker,
      commentBody(marker, event),
      { retryPolicy: FLUX_RETRY_POLICY, clock: deps.clock },
      signal,
    );
  });
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
