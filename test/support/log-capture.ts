import type { DestinationStream } from 'pino';
import { createLogger, type Logger } from '../../src/logging/logger.js';

/** A logger whose lines are kept, parsed, so tests can assert on what was (not) logged. */
export function captureLogs(level: 'debug' | 'info' | 'error' = 'debug'): {
  logger: Logger;
  lines: () => Record<string, unknown>[];
  text: () => string;
} {
  const raw: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void raw.push(line) };
  const logger = createLogger({ level, encoding: 'json', destination });
  return {
    logger,
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => raw.join(''),
  };
}
