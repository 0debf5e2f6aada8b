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

export function createLogger(options: LoggerOptions): Logger {
  const target = options.destination ?? pino.destination({ fd: 1, sync: false });
  return pino(
    {
      level: options.level,
      base: null,
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '***' },
    },
    options.encoding === 'console' ? consoleDestination(target) : target,
  );
}
