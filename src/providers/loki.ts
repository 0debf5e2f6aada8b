import { readSecretString } from '../api/secret.js';
import { createLokiNotifier } from '../notifiers/loki.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

/**
 * Loki's default `limits_config.max_line_size` (`256KB`, which Loki reads as 256 × 1024): a
 * longer line is refused unless the operator turned truncation on. A server setting, so only a
 * default; Herald's lines, bounded by the Event API's message limit, stay well below it.
 */
export const LOKI_MAX_LINE_BYTES = 256 * 1024;

export const LOKI_PROVIDER: ProviderDescriptor = {
  type: 'loki',
  class: 'other',
  // Basic auth takes both halves; a token (bearer) or no credentials at all are fine too.
  checkCredentials: ({ username, password }, secret, named) => {
    if (password !== undefined && username === undefined)
      return `${named} has 'password' but no 'username'`;
    const secretUsername = secret === undefined ? undefined : readSecretString(secret, 'username');
    return secretUsername !== undefined && password === undefined
      ? `${named} has 'username' but no 'password'`
      : undefined;
  },
  messageLimit: { max: LOKI_MAX_LINE_BYTES, unit: 'bytes', of: 'one log line' },
  rateLimits: '429 retried up to 5 minutes apart, honouring Retry-After',
  readme: {
    delivers:
      "Loki's push API, `<address>/loki/api/v1/push`, batched (1 s or 1 MiB); labels `namespace`, `job=herald`, `instance`, `severity`; lines in the field order of Grafana Alloy's `loki.source.kubernetes_events` (logfmt), the event's own time in nanoseconds",
    credentials:
      '`username` + `password` (basic auth) or `token` (bearer); `headers` (e.g. `X-Scope-OrgID`)',
  },
  createNotifier: createLokiNotifier,
};
