// Herald's Event API as it runs in production: startHerald with default flags, on loopback.
import { pino } from 'pino';
import { parseFlags } from '../../src/config/flags.js';
import { startHerald } from '../../src/herald.js';
import { createLogger } from '../../src/logging/logger.js';

const parsed = parseFlags(
  ['--events-addr=127.0.0.1:0', '--metrics-addr=127.0.0.1:0', '--health-addr=127.0.0.1:0'],
  {},
);
if (parsed.kind !== 'config') throw new Error('unreachable');
const herald = await startHerald({
  config: parsed.config,
  // Standard output carries the port announcement; logs go to standard error.
  logger: createLogger({ level: 'error', encoding: 'json', destination: pino.destination(2) }),
  sink: { accept: () => undefined },
  health: { ready: () => true },
});
process.stdout.write(`${JSON.stringify({ port: herald.eventsPort })}\n`);
process.on('SIGTERM', () => {
  void herald.stop().then(() => process.exit(0));
});
