import { SENTRY_MAX_MESSAGE_CHARACTERS } from '../notifiers/sentry-envelope.js';
import { parseSentryDsn } from '../notifiers/sentry-dsn.js';
import { createSentryNotifier } from '../notifiers/sentry.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const SENTRY_PROVIDER: ProviderDescriptor = {
  type: 'sentry',
  class: 'other',
  // The DSN is the address, key included: readiness says what it lacks.
  checkCredentials: ({ address }) => {
    if (address === undefined) return undefined;
    const dsn = parseSentryDsn(address.value);
    return typeof dsn === 'string' ? `${address.source}: ${dsn}` : undefined;
  },
  messageLimit: {
    max: SENTRY_MAX_MESSAGE_CHARACTERS,
    unit: 'characters',
    of: 'the event message',
  },
  rateLimits: '429 retried, honouring Retry-After or X-Sentry-Rate-Limits for the category',
  readme: {
    delivers:
      "what Flux's Sentry notifier captures, as an envelope to the DSN's `/api/<project>/envelope/`: errors as error events (`server_name` the controller, `transaction` `<kind>: <namespace>/<name>`, metadata in `extra`), info as a transaction with one `event` span and `flux_*` tags; message cut at 8,192 characters",
    credentials: '`address` (the DSN, key included; `X-Sentry-Auth`), `channel` (environment)',
  },
  createNotifier: createSentryNotifier,
};
