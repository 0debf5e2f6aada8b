import { mergeHeaders } from '../http/merge-headers.js';
import { maskUrl } from '../http/redact.js';
import { LOKI_RETRY_POLICY } from '../http/retry-policy.js';
import { createBatcher } from './loki-batcher.js';
import { toLokiEntry, type LokiEntry } from './loki-entry.js';
import { partialRefusal } from './loki-partial-refusal.js';
import { encodeLokiPush } from './loki-push-body.js';
import type { BatchingNotifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createTargetPoster } from './target-poster.js';
import { checkTarget, configError, secretsOf, type CheckedTarget } from './target-validation.js';

export const LOKI_PUSH_PATH = '/loki/api/v1/push';
/** A batch leaves at most this long after its first event (Promtail's `batchwait`). */
export const MAX_BATCH_WAIT_MS = 1_000;
/** …or as soon as its lines reach this size (Promtail's `batchsize`). */
export const MAX_BATCH_BYTES = 1024 * 1024;
/** Lines waiting for a struggling Loki, at most, before new events are refused. */
export const MAX_PENDING_BYTES = 16 * 1024 * 1024;

/**
 * Pushes events to Loki as log lines, batched. Auth: basic from username/password, or bearer
 * from token (both at once is refused as ambiguous); the secret's headers carry the tenant
 * (`X-Scope-OrgID`) and anything else, and win over the computed ones.
 */
export function createLokiNotifier(target: ProviderTarget, deps: NotifierDeps): BatchingNotifier {
  const checked = checkTarget(target);
  const headers = mergeHeaders(authorizationOf(target), target.headers);
  const pushUrl = pushUrlOf(checked);
  const poster = createTargetPoster(target, checked, deps, LOKI_RETRY_POLICY);
  const push = { maskedUrl: maskUrl(pushUrl), secrets: secretsOf(target) };
  const batcher = createBatcher<LokiEntry>({
    owner: `Provider ${target.namespace}/${target.name} (loki)`,
    maxBatchBytes: MAX_BATCH_BYTES,
    maxWaitMs: MAX_BATCH_WAIT_MS,
    maxPendingBytes: MAX_PENDING_BYTES,
    sizeOf: (entry) => Buffer.byteLength(entry.line, 'utf8'),
    send: async (entries, signal) => {
      try {
        await poster.post({ url: pushUrl, body: encodeLokiPush(entries), headers }, signal);
        return undefined;
      } catch (error) {
        // A 400 may be a partial refusal: Loki stored the rest of the push.
        const partly = partialRefusal(error, entries, push);
        if (partly === undefined) throw error;
        return partly;
      }
    },
    clock: deps.clock,
  });
  return {
    batching: true,
    async post(event, signal) {
      await batcher.add(toLokiEntry(event), signal);
    },
    flush: () => batcher.flush(),
    async close(signal) {
      try {
        await batcher.close(signal);
      } finally {
        poster.close();
      }
    },
  };
}

function authorizationOf(target: ProviderTarget): Record<string, string> {
  const hasBasic = nonEmpty(target.username) || nonEmpty(target.password);
  const hasToken = nonEmpty(target.token);
  if (hasBasic && hasToken) {
    throw configError(
      target,
      'HERALD_PROVIDER_CONFLICTING_AUTH',
      'set either username/password or token, not both',
    );
  }
  if (hasBasic) {
    const credentials = `${target.username ?? ''}:${target.password ?? ''}`;
    return { Authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` };
  }
  return hasToken ? { Authorization: `Bearer ${target.token ?? ''}` } : {};
}

/**
 * `<address>/loki/api/v1/push`. An address that already ends with the push path (as Grafana
 * Cloud shows it) is taken as it is rather than doubled.
 */
function pushUrlOf(checked: CheckedTarget): string {
  const url = new URL(checked.address.href);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith(LOKI_PUSH_PATH) ? path : `${path}${LOKI_PUSH_PATH}`;
  return url.href;
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}
