import { FLUX_RETRY_POLICY } from '../../http/retry-policy.js';
import type { JsonPost } from '../../http/post-json.js';
import { createClosableNotifier } from '../closable-notifier.js';
import { goJsonString } from '../go-json-string.js';
import type { Notifier, NotifierDeps, ProviderTarget } from '../notifier.js';
import {
  changeRequestOf,
  commentBody,
  commentMarker,
  upsertComment,
  type CommentHost,
} from './change-request-comment.js';
import { providerUidOf } from './provider-uid.js';

/**
 * What the change-request types share: the change request from the event, the marker from the
 * Provider's UID, and one comment upserted on the host. `prepare` runs first, each event.
 */
export function createCommentNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
  markerPrefix: string,
  host: CommentHost,
  prepare?: (signal: AbortSignal) => Promise<void>,
): Notifier {
  const providerUid = providerUidOf(target);
  const name = `Provider ${target.namespace}/${target.name} (${target.type})`;
  return createClosableNotifier(name, async (event, signal) => {
    const changeRequest = changeRequestOf(event, name);
    await prepare?.(signal);
    const marker = commentMarker(markerPrefix, providerUid, event);
    await upsertComment(
      host,
      changeRequest,
      marker,
      commentBody(marker, event),
      { retryPolicy: FLUX_RETRY_POLICY, clock: deps.clock },
      signal,
    );
  });
}

/**
 * A request about a comment: `{"body": …}` as the host's Go client encodes it (`marshal`:
 * json.Marshal; `encoder`: go-github's encoder, HTML unescaped, a closing newline), none for GET.
 */
export function commentRequest(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT',
  url: string,
  body: string | undefined,
  headers: Readonly<Record<string, string>>,
  encoding: 'marshal' | 'encoder',
): JsonPost {
  const json =
    body === undefined
      ? ''
      : encoding === 'marshal'
        ? `{"body":${goJsonString(body)}}`
        : `${JSON.stringify({ body })}\n`;
  return { method, url, body: Buffer.from(json), headers };
}

/** Asks once, and again only after a failure: who the credentials comment as. */
export function rememberedAuthor(
  ask: (signal: AbortSignal) => Promise<string>,
): (signal: AbortSignal) => Promise<string> {
  let known: Promise<string> | undefined;
  return (signal) => {
    known ??= ask(signal).catch((error: unknown) => {
      known = undefined;
      throw error;
    });
    return known;
  };
}
