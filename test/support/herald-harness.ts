import { parseFlags } from '../../src/config/flags.js';
import { systemClock } from '../../src/clock/clock.js';
import type { Config } from '../../src/config/config.js';
import { startHerald, type RunningHerald } from '../../src/herald.js';
import type { EventSink } from '../../src/pipeline/event-sink.js';
import { captureLogs } from './log-capture.js';

/** A Config as the command line would give it, with every server on a free loopback port. */
export function testConfig(
  extraFlags: string[] = [],
  env: Readonly<Record<string, string | undefined>> = {},
): Config {
  const parsed = parseFlags(
    [
      '--events-addr=127.0.0.1:0',
      '--metrics-addr=127.0.0.1:0',
      '--health-addr=127.0.0.1:0',
      '--receiverAddr=127.0.0.1:0',
      ...extraFlags,
    ],
    env,
  );
  if (parsed.kind !== 'config') throw new Error('--help in test flags');
  return parsed.config;
}

/** Herald's servers in-process, with captured logs, around the given sink. */
export async function startTestHerald(
  options: { flags?: string[]; sink?: EventSink; ready?: () => boolean } = {},
): Promise<{
  herald: RunningHerald;
  logs: ReturnType<typeof captureLogs>;
  url: (server: 'events' | 'metrics' | 'health') => string;
}> {
  const logs = captureLogs();
  const herald = await startHerald({
    config: testConfig(options.flags),
    clock: systemClock,
    logger: logs.logger,
    mode: {
      sink: options.sink ?? { accept: () => undefined },
      health: { ready: options.ready ?? (() => true) },
    },
  });
  const ports = {
    events: herald.eventsPort,
    metrics: herald.metricsPort,
    health: herald.healthPort,
  };
  return { herald, logs, url: (server) => `http://127.0.0.1:${ports[server]}` };
}
