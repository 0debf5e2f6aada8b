import type { FluxEvent } from '../api/event.js';
import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import { createClosableNotifier } from './closable-notifier.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createTargetPoster, type PlatformQuirks } from './target-poster.js';
import { checkTarget } from './target-validation.js';

/** How a type that POSTs one request per event to its address builds that request. */
export interface PostingSpec {
  readonly encode: (event: FluxEvent) => Buffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly quirks?: PlatformQuirks;
}

/**
 * A notifier that POSTs each event, encoded on its own, to the address with Flux's retries; the
 * target is checked up front.
 */
export function createPostingNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
  spec: PostingSpec,
): Notifier {
  const checked = checkTarget(target);
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY, spec.quirks);
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (${target.type})`,
    async (event, signal) => {
      const body = spec.encode(event);
      await poster.post({ url: target.address, body, headers: spec.headers }, signal);
    },
  );
}
