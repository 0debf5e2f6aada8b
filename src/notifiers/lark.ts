import type { ResponseValidator } from '../http/post-json.js';
import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import type { MessageLimit } from '../providers/provider-descriptor.js';
import { createClosableNotifier } from './closable-notifier.js';
import { encodeLarkPayload } from './lark-payload.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { jsonObjectOf, quotablePlatformText } from './platform-answer.js';
import { createTargetPoster } from './target-poster.js';
import { checkTarget } from './target-validation.js';

/**
 * Lark's custom-bot webhook answers 200 even when it refused the card, with a non-zero `code`
 * and its `msg` (`{"code":19021,"msg":"sign match fail or timestamp is not within one hour from
 * signature"}`); `{"code":0,...}` is success. Older webhooks answer `{"StatusCode":0}` without
 * `code`, which is accepted.
 */
export const validateLarkResponse: ResponseValidator = (response) => {
  const answer = jsonObjectOf(response.body);
  const code = answer?.code;
  if (code === undefined || code === 0) return undefined;
  const shown = typeof code === 'number' ? `code ${String(code)}` : 'an error';
  const message = quotablePlatformText(answer?.msg);
  return `Lark responded with ${shown}${message === undefined ? '' : `: ${message}`}`;
};

/** Posts Flux's Lark card to a custom bot's webhook (the address). */
export function createLarkNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
  limit: Pick<MessageLimit, 'max' | 'unit'>,
): Notifier {
  const checked = checkTarget(target);
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY, {
    validateResponse: validateLarkResponse,
  });
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (lark)`,
    async (event, signal) => {
      const body = encodeLarkPayload(event, limit);
      await poster.post({ url: target.address, body, headers: {} }, signal);
    },
  );
}
