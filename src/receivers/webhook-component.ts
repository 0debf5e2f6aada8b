import type { Registry } from 'prom-client';
import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import type { ReceiverServing } from './receiver-serving.js';
import type { Logger } from '../logging/logger.js';
import { ReceiverMetrics } from '../metrics/receiver-metrics.js';
import { serverComponent, type ServerComponent } from '../server/server-component.js';
import { FLUX_EVENT_SERVER_LIMITS } from '../server/server-limits.js';
import { createSigningKeys, GOOGLE_CERTS_URL, type FetchJson } from './oidc/signing-keys.js';
import { createWebhookApp } from './webhook-server.js';

/** Where OIDC keys come from: tests give their own issuer's. */
export interface WebhookOptions {
  fetchJson?: FetchJson;
  googleKeysUrl?: string;
}

/**
 * The Receiver webhook server on `--receiverAddr`, on every replica: any replica behind the
 * webhook-receiver Service answers, from its own checked copy of the Receivers.
 */
export function webhookServerComponent(
  options: WebhookOptions & {
    config: Config;
    receivers: ReceiverServing;
    registry: Registry;
    logger: Logger;
    clock: Clock;
  },
): ServerComponent {
  const { config, receivers, logger, clock } = options;
  const metrics = new ReceiverMetrics(options.registry, {
    handlerFromPath: config.exportHttpPathMetrics,
  });
  return serverComponent({
    name: 'receiver-server',
    flag: '--receiverAddr',
    address: config.receiverAddr,
    handler: createWebhookApp({
      index: () => receivers.index(),
      targets: receivers.targets,
      keys: createSigningKeys({
        ...(options.fetchJson !== undefined && { fetchJson: options.fetchJson }),
        now: clock.monotonic,
      }),
      googleKeysUrl: options.googleKeysUrl ?? GOOGLE_CERTS_URL,
      noCrossNamespaceRefs: config.noCrossNamespaceRefs,
      logger: logger.child({ logger: 'receiver-server' }),
      clock,
      observeRequest: metrics.observer(),
    }),
    logger,
    // Flux's receiver server sets no limits; the event server's keep a slow client from holding on.
    limits: FLUX_EVENT_SERVER_LIMITS,
  });
}
