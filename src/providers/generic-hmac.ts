import { createGenericHmacNotifier } from '../notifiers/generic-hmac.js';
import type { ProviderDescriptor } from './provider-descriptor.js';
import { requiredToken } from './required-token.js';

export const GENERIC_HMAC_PROVIDER: ProviderDescriptor = {
  type: 'generic-hmac',
  class: 'other',
  checkCredentials: requiredToken('generic-hmac signs with'),
  // As generic: the receiver is the user's own, with no limit Herald could know.
  messageLimit: undefined,
  rateLimits: '429 retried, honouring Retry-After',
  readme: {
    delivers: 'as `generic`, plus `X-Signature: sha256=<HMAC-SHA256 of the body>`',
    credentials: '`token` (the HMAC key, required), `address`, `headers`',
  },
  createNotifier: createGenericHmacNotifier,
};
