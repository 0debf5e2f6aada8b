import { createOpsgenieNotifier } from '../notifiers/opsgenie.js';
import { OPSGENIE_LIMITS } from '../notifiers/opsgenie-payload.js';
import type { ProviderDescriptor } from './provider-descriptor.js';
import { requiredToken } from './required-token.js';

export const OPSGENIE_PROVIDER: ProviderDescriptor = {
  type: 'opsgenie',
  class: 'other',
  checkCredentials: requiredToken('Opsgenie authenticates with'),
  // https://docs.opsgenie.com/docs/alert-api#create-alert: the event message is the
  // description; the message (`<kind>/<name>`) is cut at its own 130 characters too.
  messageLimit: {
    max: OPSGENIE_LIMITS.description,
    unit: 'characters',
    of: 'the alert description',
  },
  rateLimits: '429 retried with backoff (Opsgenie sends no Retry-After), 5xx retried',
  readme: {
    delivers:
      "Flux's alert to Opsgenie's Alert API (the address, e.g. `https://api.opsgenie.com/v2/alerts`): `message` `<kind>/<name>`, `description` the event message, `details` the metadata plus `severity`",
    credentials: '`token` (the API key, required: `Authorization: GenieKey`)',
  },
  createNotifier: createOpsgenieNotifier,
};
