import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import type { AttemptResponse } from '../http/send-attempt.js';
import type { MessageLimit } from '../providers/provider-descriptor.js';
import { createClosableNotifier } from './closable-notifier.js';
import { encodeMatrixMessage, matrixTransactionId } from './matrix-message.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { jsonObjectOf } from './platform-answer.js';
import { requiredToken } from './required-token.js';
import { createTargetPoster, type PlatformQuirks } from './target-poster.js';
import { checkTarget, configError } from './target-validation.js';
import { encodePathSegment, urlUnder } from './url-encoding.js';

/** The spec's error codes: `M_FORBIDDEN`, `M_LIMIT_EXCEEDED`, `M_UNKNOWN_TOKEN`. */
const MATRIX_ERROR_CODE = /^M_[A-Z_]{1,64}$/;

/** `{"errcode":"M_FORBIDDEN","error":"…"}`: the code only, the error text is free-form. */
function matrixReason(response: AttemptResponse): string | undefined {
  const errcode = jsonObjectOf(response.body)?.errcode;
  return typeof errcode === 'string' && MATRIX_ERROR_CODE.test(errcode)
    ? `Matrix errcode ${errcode}`
    : undefined;
}

/** A 429's `{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":2000}`, when no Retry-After came. */
function matrixRetryAfterMs(response: AttemptResponse): number | undefined {
  const wait = jsonObjectOf(response.body)?.retry_after_ms;
  return typeof wait === 'number' && Number.isFinite(wait) && wait >= 0 ? wait : undefined;
}

const MATRIX_QUIRKS: PlatformQuirks = {
  retryAfterOf: matrixRetryAfterMs,
  explainRejection: matrixReason,
};

/**
 * Flux's endpoint: the client-server API's `PUT /_matrix/client/r0/rooms/{roomId}/send/
 * m.room.message/{txnId}` on the homeserver the address names, the room id as Flux writes it
 * (characters a path segment cannot hold escaped).
 */
export function matrixSendUrl(address: URL, roomId: string, transactionId: string): string {
  return urlUnder(
    address,
    `/_matrix/client/r0/rooms/${encodePathSegment(roomId)}/send/m.room.message/${transactionId}`,
  );
}

/** PUTs Flux's text message into a room with the user's access token. */
export function createMatrixNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
  limit: Pick<MessageLimit, 'max' | 'unit'>,
): Notifier {
  const checked = checkTarget(target);
  const roomId = target.channel ?? '';
  if (roomId === '') {
    throw configError(target, 'HERALD_PROVIDER_INVALID_CHANNEL', 'matrix needs a room id');
  }
  const headers = { Authorization: `Bearer ${requiredToken(target, 'an access token')}` };
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY, MATRIX_QUIRKS);
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (matrix)`,
    async (event, signal) => {
      const url = matrixSendUrl(checked.address, roomId, matrixTransactionId(event));
      const body = encodeMatrixMessage(event, limit);
      await poster.post({ method: 'PUT', url, body, headers }, signal);
    },
  );
}
