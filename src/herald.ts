import { Registry } from 'prom-client';
import type { Clock } from './clock/clock.js';
import type { Config } from './config/config.js';
import type { Logger } from './logging/logger.js';
import { EventApiMetrics } from './metrics/event-api-metrics.js';
import { registerProcessMetrics } from './metrics/process-metrics.js';
import { createEventIntake, type EventIntake } from './pipeline/event-intake.js';
import type { EventSink } from './pipeline/event-sink.js';
import { FixedWindowLimiter } from './ratelimit/fixed-window-limiter.js';
import { createEventApp } from './server/event-server.js';
import { createEventValidator } from './server/event-validator.js';
import { createHealthApp, type HealthDeps } from './server/health-app.js';
import { listen, type RunningServer } from './server/listen.js';
import { createMetricsApp } from './server/metrics-app.js';
import { formatListenAddress } from './config/listen-address.js';

/** How long shutdown lets in-flight requests finish before closing their connections. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface HeraldDeps {
  config: Config;
  logger: Logger;
  /** Where accepted events go: matching and delivery. */
  sink: EventSink;
  health: HealthDeps;
  registry?: Registry;
  clock: Clock;
}

export interface RunningHerald {
  readonly eventsPort: number;
  readonly metricsPort: number;
  readonly healthPort: number;
  readonly registry: Registry;
  /** Rate limiting and hand-off to the sink; the native Event source admits through it too. */
  readonly intake: EventIntake;
  /** Stops accepting, finishes in-flight requests, and closes every server. */
  stop(): Promise<void>;
}

/** Starts the Event API, metrics and health servers around an event sink. */
export async function startHerald(deps: HeraldDeps): Promise<RunningHerald> {
  const { config, logger, sink } = deps;
  const registry = deps.registry ?? new Registry();
  registerProcessMetrics(registry);
  const limiter: FixedWindowLimiter = new FixedWindowLimiter({
    intervalMs: config.rateLimitIntervalMs,
    maxKeys: config.rateLimitMaxKeys,
    onEvict: () => {
      metrics.limiterEvictions.inc();
    },
  });
  const metrics = new EventApiMetrics(registry, () => limiter.size);
  const intake = createEventIntake({ limiter, sink, metrics, now: deps.clock.now });
  const eventApp = createEventApp({ validate: createEventValidator(), intake, metrics, logger });

  const servers: RunningServer[] = [];
  try {
    servers.push(await listen(eventApp, config.eventsAddr));
    servers.push(await listen(createMetricsApp(registry), config.metricsAddr));
    servers.push(await listen(createHealthApp(deps.health), config.healthAddr));
  } catch (error) {
    await Promise.all(servers.map((server) => server.close(0)));
    throw error;
  }
  const [events, metricsServer, health] = servers as [RunningServer, RunningServer, RunningServer];
  logger.info(
    {
      events: formatListenAddress({ ...config.eventsAddr, port: events.port }),
      metrics: formatListenAddress({ ...config.metricsAddr, port: metricsServer.port }),
      health: formatListenAddress({ ...config.healthAddr, port: health.port }),
    },
    'Started servers',
  );
  return {
    eventsPort: events.port,
    metricsPort: metricsServer.port,
    healthPort: health.port,
    registry,
    intake,
    async stop() {
      // The Event API first, so nothing new arrives while the rest closes.
      await events.close(SHUTDOWN_GRACE_MS);
      await Promise.all([metricsServer.close(SHUTDOWN_GRACE_MS), health.close(SHUTDOWN_GRACE_MS)]);
    },
  };
}
