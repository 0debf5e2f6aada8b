import type { ResponseValidator } from '../http/post-json.js';
import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import { createClosableNotifier } from './closable-notifier.js';
import { encodeEventJsonWithin } from './fit-event-json.js';
import { createGoogleTokenSource, GOOGLE_TOKEN_URL } from './google-access-token.js';
import { parseGoogleServiceAccount } from './google-service-account.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createTargetPoster } from './target-poster.js';
import { checkTarget, configError } from './target-validation.js';

/** Pub/Sub's largest message (https://cloud.google.com/pubsub/quotas#resource_limits). */
export const PUBSUB_MAX_MESSAGE_BYTES = 10_000_000;

/** The scopes Google's Go Pub/Sub client asks for. */
const PUBSUB_SCOPES =
  'https://www.googleapis.com/auth/pubsub https://www.googleapis.com/auth/cloud-platform';

/** Where Pub/Sub and Google's token endpoint are; tests point both at stand-ins. */
export interface GoogleEndpoints {
  /** Pub/Sub's REST root, without a trailing slash. */
  readonly pubsub: string;
  readonly token: string;
}

export const GOOGLE_ENDPOINTS: GoogleEndpoints = {
  pubsub: 'https://pubsub.googleapis.com',
  token: GOOGLE_TOKEN_URL,
};

/** What a project or topic ID may not hold: it is one segment of the topic's resource name. */
const NOT_AN_ID = /[/\s?#]/;

/** Why a project or topic ID cannot name a topic, else undefined. */
export function checkPubSubId(what: string, id: string | undefined): string | undefined {
  if (id === undefined || id === '') return `the ${what} ID is empty`;
  return NOT_AN_ID.test(id) ? `the ${what} ID holds '/', '?', '#' or white space` : undefined;
}

/** A publish that went through answers with the message's ID. */
export const validatePublishResponse: ResponseValidator = (response) => {
  try {
    const parsed = JSON.parse(response.body.toString('utf8')) as { messageIds?: unknown };
    if (Array.isArray(parsed.messageIds) && parsed.messageIds.length === 1) return undefined;
  } catch {
    // Falls through: not Pub/Sub's answer.
  }
  return 'Pub/Sub answered without a message ID';
};

/**
 * Publishes the event JSON (as Flux encodes it) to `projects/<address>/topics/<channel>` with
 * Pub/Sub's REST `publish`, the Secret's headers as the message's attributes, authorized by an
 * access token got for the service account whose JSON key is the token.
 */
export function createGooglePubSubNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
  endpoints: GoogleEndpoints = GOOGLE_ENDPOINTS,
): Notifier {
  const problem =
    checkPubSubId('project', target.address) ?? checkPubSubId('topic', target.channel);
  if (problem !== undefined) throw configError(target, 'HERALD_PROVIDER_INVALID_ADDRESS', problem);
  if (target.token === undefined || target.token === '') {
    throw configError(
      target,
      'HERALD_PROVIDER_MISSING_TOKEN',
      "Pub/Sub needs a service account's JSON key as its token",
    );
  }
  const account = parseGoogleServiceAccount(target.token);
  if (typeof account === 'string') {
    throw configError(target, 'HERALD_PROVIDER_INVALID_CREDENTIALS', `the token ${account}`);
  }
  const topic = `projects/${encodeURIComponent(target.address)}/topics/${encodeURIComponent(target.channel ?? '')}`;
  const publishUrl = `${endpoints.pubsub}/v1/${topic}:publish`;
  // The address is a project ID: the URLs checked are Google's.
  const publisher = createTargetPoster(
    target,
    checkTarget({ ...target, address: publishUrl }),
    deps,
    FLUX_RETRY_POLICY,
    { validateResponse: validatePublishResponse },
  );
  const owner = `Provider ${target.namespace}/${target.name} (googlepubsub)`;
  const tokens = createGoogleTokenSource({
    account,
    scope: PUBSUB_SCOPES,
    tokenUrl: endpoints.token,
    poster: createTargetPoster(
      target,
      checkTarget({ ...target, address: endpoints.token }),
      deps,
      FLUX_RETRY_POLICY,
    ),
    clock: deps.clock,
    owner,
  });
  const attributes = target.headers ?? {};
  return createClosableNotifier(owner, async (event, signal) => {
    const data = encodeEventJsonWithin(event, PUBSUB_MAX_MESSAGE_BYTES).toString('base64');
    const message = Object.keys(attributes).length === 0 ? { data } : { data, attributes };
    const token = await tokens.accessToken(signal);
    await publisher.post(
      {
        url: publishUrl,
        body: Buffer.from(JSON.stringify({ messages: [message] }), 'utf8'),
        headers: { Authorization: `Bearer ${token}` },
      },
      signal,
    );
  });
}
