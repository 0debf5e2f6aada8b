import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogEncoding, LogLevel } from '../config/config.js';
import { consoleDestination } from './console-destination.js';

export type { Logger } from 'pino';

/**
 * Field names whose values are secrets wherever they appear in a log record. Code should not
 * log secrets in the first place; this is the net under it.
 */
const REDACTED_PATHS = [
  'token',
  'password',
  'address',
  'headers',
  'proxy',
  '*.token',
  '*.password',
  '*.headers',
  '*.proxy',
  'secret',
  '*.secret',
];

export interface LoggerOptions {
  level: LogLevel;
  encoding: LogEncoding;
  /** Where lines go; standard output when absent. Tests pass a sink to read lines back. */
  destination?: DestinationStream;
}

/**
 * JSON lines in the shape of Flux's controllers (zap through controller-runtime, as
 * fluxcd/pkg's logger sets it up): `level` as a word, `ts` in ISO 8601, `msg`, then the fields,
 * with `logger` naming the part of Herald that wrote the line. `flux logs` and pipelines built
 * for Flux's logs read them as they read Flux's.
 */
export function createLogger(options: LoggerOptions): Logger {
  const target = options.destination ?? pino.destination({ fd: 1, sync: false });
  return pino(
    {
      level: options.level,
      base: null,
      messageKey: 'msg',
      timestamp: () => `,"ts":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '***' },
    },
    options.encoding === 'console' ? consoleDestination(target) : target,
  );
}
