import type { FluxEvent } from '../../api/event.js';
import { isDeliveryError } from '../../http/delivery-error.js';
import {
  FLUX_RETRY_POLICY,
  judgeAttempt,
  retryDelayMs,
  type RetryPolicy,
} from '../../http/retry-policy.js';
import type { Clock } from '../../clock/clock.js';
import { HeraldError } from '../../errors/herald-error.js';

/** The metadata key naming the pull or merge request (`event.toolkit.fluxcd.io/change_request`). */
export const CHANGE_REQUEST_KEY = 'change_request';

/** For creating a comment: one attempt, as {@link upsertComment} retries the whole look-up. */
export const CREATE_ONCE_POLICY: RetryPolicy = Object.freeze({
  ...FLUX_RETRY_POLICY,
  maxRetries: 0,
});

/** A comment as a host lists it. */
export interface ListedComment {
  readonly id: number;
  readonly author: string | undefined;
  readonly body: string;
}

/** What a change-request type does on its host; `create` must not retry on its own. */
export interface CommentHost {
  /** Who the credentials comment as (a login, an App's `<slug>[bot]`). */
  author(signal: AbortSignal): Promise<string>;
  /** The first page (100) of the change request's comments, oldest first, as Flux reads it. */
  list(changeRequest: number, signal: AbortSignal): Promise<ListedComment[]>;
  update(changeRequest: number, id: number, body: string, signal: AbortSignal): Promise<void>;
  create(changeRequest: number, body: string, signal: AbortSignal): Promise<void>;
}

/** The change request of an event that names none, or not as a number. */
export class ChangeRequestError extends HeraldError {
  constructor(message: string) {
    super('HERALD_CHANGE_REQUEST_INVALID', message);
  }
}

/** The pull or merge request number in the event's metadata, as Flux reads it. */
export function changeRequestOf(event: FluxEvent, owner: string): number {
  const value = event.metadata?.[CHANGE_REQUEST_KEY];
  if (value === undefined) {
    throw new ChangeRequestError(`${owner}: missing "${CHANGE_REQUEST_KEY}" metadata key`);
  }
  if (!/^[+-]?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new ChangeRequestError(
      `${owner}: invalid "${CHANGE_REQUEST_KEY}" metadata value ${JSON.stringify(value)}`,
    );
  }
  return Number(value);
}

/**
 * The hidden marker that finds this Provider's comment for this object again:
 * `<!-- <prefix>:<provider uid>/<kind>/<namespace>/<name> -->`.
 */
export function commentMarker(prefix: string, providerUid: string, event: FluxEvent): string {
  const { kind, namespace, name } = event.involvedObject;
  return `<!-- ${prefix}:${providerUid}/${kind}/${namespace}/${name} -->`;
}

/** Flux's comment: the marker, a heading, the object, the message and the metadata, sorted. */
export function commentBody(marker: string, event: FluxEvent): string {
  const emoji = event.severity === 'error' ? '⚠️' : 'ℹ️';
  const { kind, namespace, name } = event.involvedObject;
  const metadata = Object.entries(event.metadata ?? {})
    .filter(([key]) => key !== CHANGE_REQUEST_KEY)
    // Go sorts strings byte-wise: the code-unit order of these ASCII-or-not keys in UTF-8.
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    .map(([key, value]) => `* \`${key}\`: ${value}\n`)
    .join('');
  return `${marker}\n\n## Flux Status\n\n${emoji} ${kind}/${namespace}/${name}\n\n${event.message}\n\nMetadata:\n${metadata}`;
}

export interface UpsertOptions {
  readonly retryPolicy: RetryPolicy;
  readonly clock: Pick<Clock, 'sleep'>;
}

/**
 * Flux's one comment per change request: the comment of ours holding the marker is updated in
 * place, else one is created. A create is never retried alone: it may have landed before its
 * answer was lost, so the whole look-up runs again first and finds it.
 */
export async function upsertComment(
  host: CommentHost,
  changeRequest: number,
  marker: string,
  body: string,
  options: UpsertOptions,
  signal: AbortSignal,
): Promise<void> {
  for (let retry = 1; ; retry++) {
    const author = await host.author(signal);
    const comments = await host.list(changeRequest, signal);
    const ours = comments.find(
      (comment) => comment.author === author && comment.body.includes(marker),
    );
    if (ours !== undefined) {
      await host.update(changeRequest, ours.id, body, signal);
      return;
    }
    try {
      await host.create(changeRequest, body, signal);
      return;
    } catch (error) {
      if (!isRetryableCreate(error, options.retryPolicy) || retry > options.retryPolicy.maxRetries)
        throw error;
      await options.clock.sleep(retryDelayMs(options.retryPolicy, retry, undefined), signal);
    }
  }
}

function isRetryableCreate(error: unknown, policy: RetryPolicy): boolean {
  if (!isDeliveryError(error) || error.code !== 'HERALD_DELIVERY_FAILED') return false;
  if (error.status !== undefined) {
    return judgeAttempt(policy, { kind: 'response', status: error.status }) === 'retry';
  }
  return (
    error.networkCode !== undefined &&
    judgeAttempt(policy, { kind: 'network-error', code: error.networkCode }) === 'retry'
  );
}
