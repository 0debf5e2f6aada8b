import {
  createAzureEventHubNotifier,
  EVENTHUB_MAX_EVENT_BYTES,
  readEventHubAddress,
} from '../notifiers/azure-eventhub.js';
import { isSasConnectionString } from '../notifiers/eventhub-connection.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const AZURE_EVENTHUB_PROVIDER: ProviderDescriptor = {
  type: 'azureeventhub',
  class: 'other',
  readAddress: readEventHubAddress,
  // A connection string carries its own key; a hub name needs its namespace and a JWT (Flux
  // would fall back to workload identity, which Herald does not have).
  checkCredentials: ({ address, channel, token }, _secret, named) => {
    if (address === undefined || isSasConnectionString(address.value)) return undefined;
    if (channel === undefined || channel === '') {
      return 'with an event hub name as the address, spec.channel names its namespace, and it is empty';
    }
    return token === undefined || token === ''
      ? `an event hub name as the address needs a JWT: no 'token' key in ${named}`
      : undefined;
  },
  messageLimit: { max: EVENTHUB_MAX_EVENT_BYTES, unit: 'bytes', of: 'one event (the event JSON)' },
  rateLimits: '429 and 503 (ServerBusy) retried, honouring Retry-After',
  readme: {
    delivers:
      "the event JSON as Flux encodes it, one event by Event Hubs' REST send (`<namespace>/<hub>/messages`), its message cut so the event fits 256 KiB (every tier's limit); commit-status updates skipped",
    credentials:
      '`address`: a SAS connection string with `EntityPath` (a token signed per request), or the hub name with `channel` (namespace) and `token` (JWT, bearer)',
  },
  createNotifier: (target, deps) => createAzureEventHubNotifier(target, deps),
};
