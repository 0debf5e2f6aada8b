import { DEFAULT_THREAD_EXPIRY } from '../api/provider.js';
import { threadingProblem } from '../api/readiness/threading-readiness.js';
import { parseDuration } from '../config/duration.js';
import type { ProviderTarget } from './notifier.js';
import { configError, requiredSetting } from './target-validation.js';

/** A Provider's `spec.threading`, as the Slack notifier uses it. */
export interface SlackThreading {
  /** How long after its last notification a thread is forgotten. */
  readonly expiryMs: number;
}

/**
 * The target's threading; undefined when it is off. Throws a `ProviderConfigError` when it
 * cannot work (readiness says so first): not `chat.postMessage`, no token, a bad expiry.
 */
export function slackThreadingOf(target: ProviderTarget): SlackThreading | undefined {
  const provider = target.resource;
  const threading = provider?.spec.threading;
  if (provider === undefined || threading?.enabled !== true) return undefined;
  const address = { value: target.address, source: 'the address' };
  const problem = threadingProblem(provider, { address });
  if (problem !== undefined)
    throw configError(target, 'HERALD_PROVIDER_INVALID_THREADING', problem);
  requiredSetting(target, 'token', "threads need Slack's chat.postMessage and its bot token");
  return { expiryMs: parseDuration(threading.expiry ?? DEFAULT_THREAD_EXPIRY) };
}
