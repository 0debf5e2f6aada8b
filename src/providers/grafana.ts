import { createGrafanaNotifier } from '../notifiers/grafana.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const GRAFANA_PROVIDER: ProviderDescriptor = {
  type: 'grafana',
  class: 'other',
  // A Grafana without authentication takes annotations too; Flux asks for nothing.
  // Flux's annotation carries no event message, only the object and tags.
  messageLimit: undefined,
  rateLimits: '429 retried, honouring Retry-After',
  readme: {
    delivers:
      "Flux's annotation to Grafana's annotations API (the address, `<grafana>/api/annotations`): `when` (Unix seconds, as Flux), `text` `<kind>/<name>.<namespace>`, tags `flux`, the reporting controller, `<key>: <value>` per metadata entry, `kind: `, `name: `, `namespace: `",
    credentials: '`token` (`Authorization: Bearer`, wins), or `username` + `password` (basic auth)',
  },
  createNotifier: createGrafanaNotifier,
};
