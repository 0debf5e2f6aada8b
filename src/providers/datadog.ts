import { createDatadogNotifier } from '../notifiers/datadog.js';
import { DATADOG_MAX_TEXT_CHARACTERS } from '../notifiers/datadog-payload.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const DATADOG_PROVIDER: ProviderDescriptor = {
  type: 'datadog',
  class: 'other',
  checkCredentials: ({ token }, _secret, named) =>
    token === undefined || token === ''
      ? `Datadog's Events API needs an API key: no 'token' key in ${named}`
      : undefined,
  messageLimit: { max: DATADOG_MAX_TEXT_CHARACTERS, unit: 'characters', of: 'the event text' },
  rateLimits: '429 retried, waiting for X-RateLimit-Reset (or Retry-After)',
  readme: {
    delivers:
      "Flux's Datadog event to the Events API, `<scheme>://<host of address>/api/v1/events` (title `Events from the <kind> <name>/<namespace>`, lower-cased `flux_*`, `kube_*` and metadata tags, `source_type_name: fluxcd`); text cut at 4,000 characters, title at 100",
    credentials:
      '`address` (the site, e.g. `https://api.datadoghq.eu`), `token` (API key, `DD-API-KEY`)',
  },
  createNotifier: createDatadogNotifier,
};
