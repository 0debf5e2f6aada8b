import { Registry } from 'prom-client';
import type { Clock } from './clock/clock.js';
import type { Config } from './config/config.js';
import { formatListenAddress } from './config/listen-address.js';
import { ALWAYS_LEADER, type Leadership } from './kube/leadership.js';
import type { Component } from './lifecycle/component.js';
import { ComponentManager } from './lifecycle/component-manager.js';
import type { Logger } from './logging/logger.js';
import { EventApiMetrics } from './metrics/event-api-metrics.js';
import { registerProcessMetrics } from './metrics/process-metrics.js';
import { createEventIntake, type EventIntake } from './pipeline/event-intake.js';
import type { EventSink } from './pipeline/event-sink.js';
import { MAX_HELD_BEFORE_ROUTING, StartupHold } from './pipeline/startup-hold.js';
import { FixedWindowLimiter } from './ratelimit/fixed-window-limiter.js';
import { createEventApp } from './server/event-server.js';
import { createEventValidator } from './server/event-validator.js';
import { createHealthApp, type HealthDeps } from './server/health-app.js';
import { createMetricsApp } from './server/metrics-app.js';
import { serverComponent } from './server/server-component.js';
import { FLUX_EVENT_SERVER_LIMITS } from './server/server-limits.js';
import { NO_RECEIVERS, type ReceiverServing } from './receivers/receiver-serving.js';
import { webhookServerComponent, type WebhookOptions } from './receivers/webhook-component.js';

/** What runs behind the Event API: local mode's or cluster mode's. */
export interface HeraldMode {
  /** Where accepted events go: matching and delivery. */
  readonly sink: EventSink;
  readonly health: HealthDeps;
  /**
   * Resolves once routing is first built; events accepted before are held, not matched against
   * nothing. Absent: routing is ready before Herald starts (local mode loads its manifests first).
   */
  readonly routingReady?: Promise<void>;
  /** Decides when leader-only components run; every replica leads without it. */
  readonly leadership?: Leadership;
  /**
   * The mode's components in start order, given the one intake every source admits through
   * (the native Event source shares the Event API's rate limiter).
   */
  components?(intake: EventIntake): readonly Component[];
  /** What the Receiver webhook server (`--receiverAddr`) answers from; none: every path 404. */
  readonly receivers?: ReceiverServing;
}

export interface HeraldDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  mode: HeraldMode;
  registry?: Registry;
  /** Where OIDC signing keys come from; Google's and the issuers' own when absent. */
  webhooks?: WebhookOptions;
}

export interface RunningHerald {
  readonly eventsPort: number;
  readonly metricsPort: number;
  readonly healthPort: number;
  readonly webhookPort: number;
  readonly registry: Registry;
  readonly intake: EventIntake;
  /**
   * Stops every component in the reverse order of their start, within
   * `--graceful-shutdown-timeout`: readiness turns false, the Event API stops taking events,
   * queued notifications drain, and what is still in flight at the deadline is aborted.
   */
  stop(): Promise<void>;
}

/**
 * Builds the pieces every mode shares once (metrics registry, rate limiter, intake) and runs
 * the components in order: health and metrics servers, the mode's own (delivery, caches,
 * reconcilers, leader election, native Events), the Receiver webhook server, and last the
 * Event API, which so stops first.
 */
export async function startHerald(deps: HeraldDeps): Promise<RunningHerald> {
  const { config, logger, clock, mode } = deps;
  const registry = deps.registry ?? new Registry();
  registerProcessMetrics(registry);
  const limiter: FixedWindowLimiter = new FixedWindowLimiter({
    intervalMs: config.rateLimitIntervalMs,
    maxKeys: config.rateLimitMaxKeys,
    onEvict: () => {
      metrics.limiterEvictions.inc();
    },
  });
  const metrics = new EventApiMetrics(registry, () => limiter.size, {
    handlerFromPath: config.exportHttpPathMetrics,
  });
  const hold = mode.routingReady && new StartupHold(mode.sink, MAX_HELD_BEFORE_ROUTING);
  void mode.routingReady?.then(() => hold?.release());
  const intake = createEventIntake({ limiter, sink: hold ?? mode.sink, metrics, now: clock.now });

  const health = serverComponent({
    name: 'health',
    flag: '--health-addr',
    address: config.healthAddr,
    handler: createHealthApp({
      ...mode.health,
      // Not ready from the first moment of a shutdown, so traffic moves away before it stops.
      ready: () => !manager.stopping && mode.health.ready(),
    }),
    logger,
  });
  const metricsServer = serverComponent({
    name: 'metrics',
    flag: '--metrics-addr',
    address: config.metricsAddr,
    handler: createMetricsApp(registry),
    logger,
  });
  const events = serverComponent({
    name: 'event-api',
    flag: '--events-addr',
    address: config.eventsAddr,
    handler: createEventApp({
      validate: createEventValidator(),
      intake,
      metrics,
      logger: logger.child({ logger: 'event-server' }),
      clock,
    }),
    logger,
    limits: FLUX_EVENT_SERVER_LIMITS,
  });
  const webhooks = webhookServerComponent({
    config,
    receivers: mode.receivers ?? NO_RECEIVERS,
    registry,
    logger,
    clock,
    ...deps.webhooks,
  });
  const manager: ComponentManager = new ComponentManager({
    components: [health, metricsServer, ...(mode.components?.(intake) ?? []), webhooks, events],
    leadership: mode.leadership ?? ALWAYS_LEADER,
    logger,
    clock,
    stepDownTimeoutMs: config.gracefulShutdownTimeoutMs,
  });
  await manager.start();
  logger.info(
    {
      events: formatListenAddress({ ...config.eventsAddr, port: events.port }),
      metrics: formatListenAddress({ ...config.metricsAddr, port: metricsServer.port }),
      health: formatListenAddress({ ...config.healthAddr, port: health.port }),
      receivers: formatListenAddress({ ...config.receiverAddr, port: webhooks.port }),
    },
    'Started servers',
  );
  return {
    eventsPort: events.port,
    metricsPort: metricsServer.port,
    healthPort: health.port,
    webhookPort: webhooks.port,
    registry,
    intake,
    stop: () => manager.stop(config.gracefulShutdownTimeoutMs),
  };
}
