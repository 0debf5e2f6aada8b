/** Go's `time.ParseDuration` units, in milliseconds. */
const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

const COMPONENT = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;

/**
 * Parses a Go-style duration (`300ms`, `30s`, `5m`, `1h30m`, `1.5h`, `0`) into milliseconds.
 * Negative durations are refused unless `allowNegative` (Go takes `-1s`; only the flags Herald
 * accepts and ignores take one, as Flux's would). Throws an Error saying what is wrong.
 */
export function parseDuration(text: string, options: { allowNegative?: boolean } = {}): number {
  if (text.startsWith('-') && options.allowNegative === true && !/^-[-+]/.test(text)) {
    return -parseDuration(text.slice(1)) || 0;
  }
  if (text === '0') return 0;
  if (text === '') throw new Error('empty duration');
  if (text.startsWith('-')) throw new Error(`negative duration "${text}"`);
  let rest = text.startsWith('+') ? text.slice(1) : text;
  let totalMs = 0;
  while (rest !== '') {
    const match = COMPONENT.exec(rest);
    if (match === null) {
      throw new Error(
        `invalid duration "${text}" (use a number and a unit: ns, us, ms, s, m, h; e.g. 30s, 5m, 1h30m)`,
      );
    }
    const [whole, amount = '', unit = ''] = match;
    totalMs += Number(amount) * (UNIT_MS[unit] ?? Number.NaN);
    rest = rest.slice(whole.length);
  }
  if (!Number.isFinite(totalMs)) throw new Error(`invalid duration "${text}"`);
  return totalMs;
}

/** Formats milliseconds the way Go's `Duration.String` does for whole units (`5m0s`, `1h30m0s`, `300ms`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1_000) return `${ms}ms`;
  let seconds = ms / 1_000;
  const hours = Math.floor(seconds / 3_600);
  seconds -= hours * 3_600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const secondsText = `${Number(seconds.toFixed(3))}s`;
  if (hours > 0) return `${hours}h${minutes}m${secondsText}`;
  if (minutes > 0) return `${minutes}m${secondsText}`;
  return secondsText;
}
