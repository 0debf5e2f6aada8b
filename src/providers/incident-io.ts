import { createIncidentIoNotifier } from '../notifiers/incident-io.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const INCIDENT_IO_PROVIDER: ProviderDescriptor = {
  type: 'incident.io',
  class: 'other',
  checkCredentials: ({ token }, _secret, named) =>
    token ? undefined : `incident.io alert sources take a bearer token: no 'token' key in ${named}`,
  // incident.io documents no size for an alert event's description.
  messageLimit: undefined,
  rateLimits: '429 retried, honouring Retry-After',
  readme: {
    delivers:
      "Flux's alert event to an HTTP alert source: `firing` for errors, `resolved` otherwise, deduplicated by the object's UID; `Progressing` events skipped",
    credentials: '`address` (alert source URL), `token` (bearer)',
  },
  createNotifier: createIncidentIoNotifier,
};
