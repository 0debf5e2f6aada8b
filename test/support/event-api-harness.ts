import { Registry } from 'prom-client';
import { systemClock } from '../../src/clock/clock.js';
import type { FluxEvent } from '../../src/api/event.js';
import { EventApiMetrics } from '../../src/metrics/event-api-metrics.js';
import { createEventIntake } from '../../src/pipeline/event-intake.js';
import type { EventSource } from '../../src/pipeline/event-sink.js';
import { FixedWindowLimiter } from '../../src/ratelimit/fixed-window-limiter.js';
import { createEventApp } from '../../src/server/event-server.js';
import { createEventValidator } from '../../src/server/event-validator.js';
import { listen, type RunningServer } from '../../src/server/listen.js';
import { FLUX_EVENT_SERVER_LIMITS, type ServerLimits } from '../../src/server/server-limits.js';
import { captureLogs } from './log-capture.js';

export interface EventApiHarness {
  url: string;
  server: RunningServer;
  registry: Registry;
  accepted: { event: FluxEvent; source: EventSource }[];
  logs: ReturnType<typeof captureLogs>;
  /** Moves the injected clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/**
 * The Event API on 127.0.0.1 with a recording sink and a clock the test moves, and Flux's
 * server limits unless the test shortens them.
 */
export async function startEventApi(
  options: { intervalMs?: number; maxKeys?: number; limits?: Partial<ServerLimits> } = {},
): Promise<EventApiHarness> {
  let nowMs = Date.parse('2026-01-01T00:00:00Z');
  const registry = new Registry();
  const limiter = new FixedWindowLimiter({
    intervalMs: options.intervalMs ?? 5 * 60_000,
    maxKeys: options.maxKeys ?? 1_000,
    onEvict: () => {
      metrics.limiterEvictions.inc();
    },
  });
  const metrics = new EventApiMetrics(registry, () => limiter.size);
  const accepted: EventApiHarness['accepted'] = [];
  const logs = captureLogs();
  const app = createEventApp({
    validate: createEventValidator(),
    intake: createEventIntake({
      limiter,
      sink: {
        accept: (event, source) => {
          accepted.push({ event, source });
          return undefined;
        },
      },
      metrics,
      now: () => nowMs,
    }),
    metrics,
    logger: logs.logger,
    clock: systemClock,
  });
  const server = await listen(
    app,
    { host: '127.0.0.1', port: 0 },
    { ...FLUX_EVENT_SERVER_LIMITS, ...options.limits },
  );
  return {
    url: `http://127.0.0.1:${server.port}`,
    server,
    registry,
    accepted,
    logs,
    advance: (ms) => {
      nowMs += ms;
    },
    close: () => server.close(1_000),
  };
}

/** POSTs a JSON value (or raw text) and returns status, headers and body text. */
export async function post(
  url: string,
  body: unknown,
  init: { raw?: boolean; method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url, {
    method: init.method ?? 'POST',
    headers: { 'Content-Type': 'application/json', ...init.headers },
    body: init.raw === true ? (body as string) : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
