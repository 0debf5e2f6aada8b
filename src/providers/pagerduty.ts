import { createPagerDutyNotifier } from '../notifiers/pagerduty.js';
import { PAGERDUTY_MAX_SUMMARY_CHARACTERS } from '../notifiers/pagerduty-payload.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const PAGERDUTY_PROVIDER: ProviderDescriptor = {
  type: 'pagerduty',
  class: 'other',
  checkCredentials: ({ channel }) =>
    channel === undefined || channel === ''
      ? 'PagerDuty routes events with the integration key in spec.channel: none is set'
      : undefined,
  // https://developer.pagerduty.com/docs/events-api-v2/trigger-events/: the summary is cut at
  // 1,024 characters; the event message travels in custom_details, far below the 512 KB an
  // event may take.
  messageLimit: {
    max: PAGERDUTY_MAX_SUMMARY_CHARACTERS,
    unit: 'characters',
    of: 'the summary (`<reason>: <kind>/<name>`)',
  },
  rateLimits: '429 retried with backoff (PagerDuty sends no Retry-After), 5xx retried',
  readme: {
    delivers:
      "Events API v2 at the address's host, as Flux: an error triggers an incident (`dedup_key` the object's UID), any other event resolves it, and an info event is also sent as a change event; `Progressing` events are skipped",
    credentials: '`channel` (spec: the integration/routing key); no Secret needed',
  },
  createNotifier: createPagerDutyNotifier,
};
