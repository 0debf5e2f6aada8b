import type { ProviderType } from '../../src/api/provider.js';
import { testServiceAccount } from './google-service-account.js';

/** What a Provider of a type needs beyond an http(s) address and a token to be built. */
export interface ProviderExample {
  readonly address?: string;
  readonly channel?: string;
  readonly username?: string;
  readonly password?: string;
  /** Undefined where a token must not be set (it would conflict with the address's key). */
  readonly token?: string | undefined;
}

/**
 * A configuration each type builds a notifier from and readiness accepts, for the types whose
 * address is not a plain http(s) URL or whose token has a form of its own.
 */
const EXAMPLES: Partial<Record<ProviderType, () => ProviderExample>> = {
  telegram: () => ({ channel: '-1001234567890' }),
  webex: () => ({ channel: 'room' }),
  nats: () => ({ address: 'nats://127.0.0.1:4222', channel: 'flux' }),
  pagerduty: () => ({ channel: 'routing-key' }),
  matrix: () => ({ channel: '!room:example.org' }),
  zulip: () => ({ channel: 'general/deploys', username: 'bot@example.com', password: 'p' }),
  sentry: () => ({ address: 'https://0123456789abcdef@o1.ingest.sentry.io/42' }),
  googlepubsub: () => ({
    address: 'test-project',
    channel: 'flux-events',
    token: testServiceAccount().json,
  }),
  azureeventhub: () => ({
    address:
      'Endpoint=sb://flux.servicebus.windows.net/;SharedAccessKeyName=send;' +
      'SharedAccessKey=c2VjcmV0LWtleQ==;EntityPath=flux-events',
    token: undefined,
  }),
};

export function providerExample(type: ProviderType): ProviderExample {
  return EXAMPLES[type]?.() ?? {};
}
