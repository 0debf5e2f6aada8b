import { createGenericNotifier } from '../notifiers/generic.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const GENERIC_PROVIDER: ProviderDescriptor = {
  type: 'generic',
  class: 'other',
  // The receiver is the user's own service, which documents nothing Herald could know; what
  // bounds the body is the Event API's own limit on messages (MAX_MESSAGE_LENGTH).
  messageLimit: undefined,
  rateLimits: '429 retried, honouring Retry-After',
  readme: {
    delivers: "the event JSON, byte-compatible with Flux's encoding, header `gotk-component`",
    credentials: '`address`, `headers` (a YAML map)',
  },
  // Not signed: the signing key is generic-hmac's.
  createNotifier: (target, deps) => createGenericNotifier(target, deps),
};
