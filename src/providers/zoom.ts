import { createZoomNotifier } from '../notifiers/zoom.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const ZOOM_PROVIDER: ProviderDescriptor = {
  type: 'zoom',
  class: 'chat',
  checkCredentials: ({ token }, _secret, named) =>
    token
      ? undefined
      : `zoom's Incoming Webhook checks a verification token: no 'token' key in ${named}`,
  // Zoom documents no message size for its Incoming Webhook; Herald's own 39,000-character
  // bound on event messages is all there is.
  messageLimit: undefined,
  rateLimits: '429 retried, honouring Retry-After',
  readme: {
    delivers:
      "Flux's Team Chat message (head, severity, message, metadata fields) to an Incoming Webhook, `format=full` added unless the address sets a format",
    credentials: '`address` (webhook URL), `token` (verification token, sent as `Authorization`)',
  },
  createNotifier: createZoomNotifier,
};
