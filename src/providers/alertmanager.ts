import { createAlertmanagerNotifier } from '../notifiers/alertmanager.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const ALERTMANAGER_PROVIDER: ProviderDescriptor = {
  type: 'alertmanager',
  class: 'other',
  // Every credential is optional, as in Flux: Alertmanager itself may run without any.
  // Alertmanager documents no limit on label or annotation values.
  messageLimit: undefined,
  rateLimits: '429 retried, honouring Retry-After',
  readme: {
    delivers:
      "one `firing` alert per event to `/api/v2/alerts` (the address), as Flux: labels from the metadata plus `alertname` (`Flux<Kind><Reason>`), `severity`, `reason`, `kind`, `name`, `namespace`, `reportingcontroller`; annotations `message` and `summary`; `startsAt` the event's time",
    credentials:
      '`token` (`Authorization: Bearer`), or `username` + `password` (basic auth, which wins), or basic-auth userinfo in `address`',
  },
  createNotifier: createAlertmanagerNotifier,
};
