import { createOtelNotifier } from '../notifiers/otel.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const OTEL_PROVIDER: ProviderDescriptor = {
  type: 'otel',
  class: 'other',
  // The collector's own setting (`max_request_body_size`, 20 MiB by default) bounds requests
  // far above what one event's span weighs: nothing to cut.
  messageLimit: undefined,
  rateLimits: '429 and 5xx retried, honouring Retry-After',
  readme: {
    delivers:
      "one span per event as Flux builds it, OTLP/HTTP JSON to the address (`…/v1/traces`): service `<alert namespace>/<alert name>`, trace ID from the Alert's UID and the revision, span `<kind>: <namespace>/<name>` with `object.*` and metadata attributes, status Error or Ok; HelmRepository and commit-status events skipped",
    credentials:
      '`address`, `headers`; `username` + `password` (Basic) or `password` alone (bearer), unless `headers` set `Authorization`',
  },
  createNotifier: createOtelNotifier,
};
