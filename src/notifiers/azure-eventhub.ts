import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import { createClosableNotifier } from './closable-notifier.js';
import { isSasConnectionString, parseEventHubConnectionString } from './eventhub-connection.js';
import { SAS_TOKEN_LIFETIME_SECONDS, signEventHubSas } from './eventhub-sas.js';
import { encodeEventJsonWithin } from './fit-event-json.js';
import type { AddressReader } from '../providers/provider-descriptor.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createTargetPoster } from './target-poster.js';
import { checkTarget, configError } from './target-validation.js';

/**
 * The largest event every tier takes (Basic: 256 KB; Standard and above: 1 MB), per
 * https://learn.microsoft.com/azure/event-hubs/event-hubs-quotas.
 */
export const EVENTHUB_MAX_EVENT_BYTES = 256 * 1024;

/** What Event Hubs' REST send takes (https://learn.microsoft.com/rest/api/eventhub/send-event). */
const SEND_CONTENT_TYPE = 'application/atom+xml;type=entry;charset=utf-8';
const SEND_QUERY = '?timeout=60&api-version=2014-01';

/** Azure's public cloud, which Flux qualifies a bare namespace name with. */
const SERVICE_BUS_SUFFIX = '.servicebus.windows.net';

/** A namespace as Flux qualifies it: as it is when it already names a Service Bus host. */
export function fullyQualifiedEventHubNamespace(namespace: string): string {
  return namespace.includes('.servicebus.') ? namespace : `${namespace}${SERVICE_BUS_SUFFIX}`;
}

/** Where a JWT-authorized namespace is reached; tests point it at a stand-in. */
export type EventHubNamespaceUrl = (namespace: string) => string;

const publicCloudNamespaceUrl: EventHubNamespaceUrl = (namespace) =>
  `https://${fullyQualifiedEventHubNamespace(namespace)}`;

/** Where and how one event is sent. */
interface SendRoute {
  readonly hubUrl: string;
  readonly authorization: () => string;
}

/**
 * Sends the event JSON (as Flux encodes it) as one event with Event Hubs' REST send, authorized
 * as Flux accepts it: a SAS connection string as the address (a token signed per request), or
 * the event hub's name as the address, its namespace as the channel and a JWT as the token.
 * Commit-status updates are skipped, as Flux skips them.
 */
export function createAzureEventHubNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
  namespaceUrl: EventHubNamespaceUrl = publicCloudNamespaceUrl,
): Notifier {
  const route = sendRoute(target, deps, namespaceUrl);
  const url = `${route.hubUrl}/messages${SEND_QUERY}`;
  // The address is a connection string or a hub name: the URL checked is the hub's.
  const poster = createTargetPoster(
    target,
    checkTarget({ ...target, address: url }),
    deps,
    FLUX_RETRY_POLICY,
  );
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (azureeventhub)`,
    async (event, signal) => {
      if (event.metadata?.commit_status === 'update') return;
      await poster.post(
        {
          url,
          body: encodeEventJsonWithin(event, EVENTHUB_MAX_EVENT_BYTES),
          headers: { 'Content-Type': SEND_CONTENT_TYPE, Authorization: route.authorization() },
        },
        signal,
      );
    },
  );
}

function sendRoute(
  target: ProviderTarget,
  deps: NotifierDeps,
  namespaceUrl: EventHubNamespaceUrl,
): SendRoute {
  const hasToken = target.token !== undefined && target.token !== '';
  if (isSasConnectionString(target.address)) {
    if (hasToken) {
      throw configError(
        target,
        'HERALD_PROVIDER_CONFLICTING_AUTH',
        'a SAS connection string and a JWT token cannot be used together',
      );
    }
    const connection = parseEventHubConnectionString(target.address);
    if (typeof connection === 'string') {
      throw configError(target, 'HERALD_PROVIDER_INVALID_CREDENTIALS', connection);
    }
    const hubUrl = `${connection.namespaceUrl}/${encodeURIComponent(connection.eventHub)}`;
    return {
      hubUrl,
      authorization: () =>
        signEventHubSas(
          hubUrl,
          connection.keyName,
          connection.key,
          Math.floor(deps.clock.now() / 1_000) + SAS_TOKEN_LIFETIME_SECONDS,
        ),
    };
  }
  const problem = checkEventHubName(target.address);
  if (problem !== undefined) throw configError(target, 'HERALD_PROVIDER_INVALID_ADDRESS', problem);
  if (target.channel === undefined || target.channel === '') {
    throw configError(
      target,
      'HERALD_PROVIDER_INVALID_ADDRESS',
      'with a JWT, the channel names the Event Hubs namespace, and it is empty',
    );
  }
  // Flux gets a token by workload identity when there is none; Herald does not.
  if (!hasToken) {
    throw configError(
      target,
      'HERALD_PROVIDER_MISSING_TOKEN',
      'the address is no SAS connection string, so a JWT token is needed',
    );
  }
  const bearer = `Bearer ${target.token ?? ''}`;
  return {
    hubUrl: `${namespaceUrl(target.channel)}/${encodeURIComponent(target.address)}`,
    authorization: () => bearer,
  };
}

/**
 * What an Event Hubs address is: a SAS connection string (its namespace the host it connects
 * to) or an event hub's name (its namespace from the channel, on Azure's own domain).
 */
export const readEventHubAddress: AddressReader = (address) => {
  if (isSasConnectionString(address)) {
    const connection = parseEventHubConnectionString(address);
    return typeof connection === 'string'
      ? { invalid: `is not a usable connection string: ${connection}` }
      : { hosts: [new URL(connection.namespaceUrl).hostname] };
  }
  const problem = checkEventHubName(address);
  return problem === undefined ? { hosts: [] } : { invalid: `is not usable: ${problem}` };
};

function checkEventHubName(name: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)
    ? undefined
    : 'the address is neither a SAS connection string nor an event hub name';
}
