import type { ListedComment } from './change-request-comment.js';
import { stringField } from './json-answer.js';

/** GitHub's and Gitea's comments: `id`, `user.login`, `body`. */
export function listedComments(answer: unknown): ListedComment[] {
  if (!Array.isArray(answer)) return [];
  return (answer as unknown[]).flatMap((entry) => {
    const id =
      typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
    const user: unknown =
      typeof entry === 'object' && entry !== null ? (entry as { user?: unknown }).user : undefined;
    return typeof id === 'number'
      ? [{ id, author: stringField(user, 'login'), body: stringField(entry, 'body') ?? '' }]
      : [];
  });
}
