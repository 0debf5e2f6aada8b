import type { DestinationStream } from 'pino';

/**
 * Turns pino's JSON lines into `time LEVEL message key=value ...` for people at a terminal
 * (`--log-encoding console`).
 */
export function consoleDestination(target: DestinationStream): DestinationStream {
  return {
    write(line: string): void {
      target.write(formatConsoleLine(line));
    },
  };
}

export function formatConsoleLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { ts, level, msg, ...fields } = record;
  const pairs = Object.entries(fields).map(([key, value]) => `${key}=${formatValue(value)}`);
  const head = `${String(ts)} ${String(level).toUpperCase().padEnd(5)} ${typeof msg === 'string' ? msg : ''}`;
  return `${[head, ...pairs].join(' ')}\n`;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string')
    return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}
