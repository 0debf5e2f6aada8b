import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { HERALD_VERSION } from '../config/version.js';
import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import { createClosableNotifier } from './closable-notifier.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { encodeSentryEnvelope, type SentryCategory } from './sentry-envelope.js';
import { parseSentryDsn } from './sentry-dsn.js';
import { sentryRateLimitMs } from './sentry-rate-limits.js';
import { createTargetPoster } from './target-poster.js';
import { checkTarget, configError } from './target-validation.js';

const SDK = { name: 'herald', version: HERALD_VERSION };

const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * Sends what Flux's Sentry notifier captures to the envelope endpoint of the DSN (the address),
 * in the environment named by the channel: errors as error events, info as transactions. The
 * key goes in `X-Sentry-Auth`, as Sentry's SDKs send it.
 */
export function createSentryNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const dsn = parseSentryDsn(target.address);
  if (typeof dsn === 'string') throw configError(target, 'HERALD_PROVIDER_INVALID_ADDRESS', dsn);
  const checked = checkTarget(target);
  // One client per category, so a 429 waits as long as Sentry limits that category.
  const posterFor = (category: SentryCategory) =>
    createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY, {
      retryAfterOf: (response) => sentryRateLimitMs(response, category),
    });
  const posters = { error: posterFor('error'), transaction: posterFor('transaction') };
  const host = hostname();
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (sentry)`,
    async (event, signal) => {
      const sentAtMs = deps.clock.now();
      const { body, category } = encodeSentryEnvelope(event, {
        dsn: target.address,
        environment: target.channel,
        sentAtMs,
        sdk: SDK,
        hostname: host,
        eventId: randomHex(16),
        traceId: randomHex(16),
        spanId: randomHex(8),
      });
      const auth = [
        'Sentry sentry_version=7',
        `sentry_timestamp=${Math.floor(sentAtMs / 1_000)}`,
        `sentry_client=${SDK.name}/${SDK.version}`,
        `sentry_key=${dsn.publicKey}`,
        ...(dsn.secretKey === undefined ? [] : [`sentry_secret=${dsn.secretKey}`]),
      ].join(', ');
      await posters[category].post(
        {
          url: dsn.envelopeUrl,
          body,
          headers: { 'Content-Type': 'application/x-sentry-envelope', 'X-Sentry-Auth': auth },
        },
        signal,
      );
    },
  );
}
