import { createMatrixNotifier } from '../notifiers/matrix.js';
import type { MessageLimit, ProviderDescriptor } from './provider-descriptor.js';

/**
 * A whole event may be at most 65,536 bytes as the homeserver stores it, signatures and
 * envelope included (https://spec.matrix.org/latest/client-server-api/#size-limits); the
 * content Herald sends keeps 4 KiB clear of that for the envelope.
 */
export const MATRIX_MESSAGE_LIMIT: MessageLimit = {
  max: 60 * 1024,
  unit: 'bytes',
  of: 'the message content (JSON)',
};

export const MATRIX_PROVIDER: ProviderDescriptor = {
  type: 'matrix',
  class: 'chat',
  checkCredentials: ({ token, channel }, _secret, named) => {
    if (!channel) return 'matrix posts into a room: set spec.channel to its room id';
    return token ? undefined : `matrix posts as a user: no 'token' key (access token) in ${named}`;
  },
  messageLimit: MATRIX_MESSAGE_LIMIT,
  rateLimits: '429 retried, honouring Retry-After or `retry_after_ms` in the body',
  readme: {
    delivers:
      "Flux's `m.text` message, `PUT <address>/_matrix/client/r0/rooms/<channel>/send/m.room.message/<txn>`, the transaction id Flux's (SHA-1 of the event), so a retry is not posted twice; content cut to 60 KiB",
    credentials: '`token` (access token, required); `channel` in the spec: the room id',
  },
  createNotifier: (target, deps) => createMatrixNotifier(target, deps, MATRIX_MESSAGE_LIMIT),
};
