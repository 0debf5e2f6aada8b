import type { ResponseValidator } from '../http/post-json.js';
import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import type { AttemptResponse } from '../http/send-attempt.js';
import type { MessageLimit } from '../providers/provider-descriptor.js';
import { createClosableNotifier } from './closable-notifier.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { jsonObjectOf, quotablePlatformText, secondsToMs } from './platform-answer.js';
import { requiredToken } from './required-token.js';
import { createTargetPoster, type PlatformQuirks } from './target-poster.js';
import { encodeTelegramPayload, telegramChatOf } from './telegram-message.js';
import { checkTarget, configError } from './target-validation.js';
import { encodePathSegment, urlUnder } from './url-encoding.js';

/**
 * Telegram's own words for a refusal (`{"ok":false,"error_code":400,"description":"Bad Request:
 * chat not found"}`, https://core.telegram.org/bots/api#making-requests), when safe to quote.
 */
function telegramReason(response: AttemptResponse): string | undefined {
  const answer = jsonObjectOf(response.body);
  const description = quotablePlatformText(answer?.description);
  if (description !== undefined) return `Telegram: ${description}`;
  const code = answer?.error_code;
  return typeof code === 'number' ? `Telegram error_code ${code}` : undefined;
}

/** A 2xx is delivered only with `ok: true`, as the Bot API reports every outcome in the body. */
const validateTelegramResponse: ResponseValidator = (response) => {
  const answer = jsonObjectOf(response.body);
  if (answer?.ok === true) return undefined;
  return telegramReason(response) ?? 'Telegram did not answer ok: true';
};

/**
 * Telegram's flood control: a 429 whose body says how long to wait,
 * `{"ok":false,"error_code":429,"parameters":{"retry_after":35}}` (seconds).
 */
function telegramRetryAfterMs(response: AttemptResponse): number | undefined {
  const parameters = jsonObjectOf(response.body)?.parameters;
  return typeof parameters === 'object' && parameters !== null && 'retry_after' in parameters
    ? secondsToMs(parameters.retry_after)
    : undefined;
}

const TELEGRAM_QUIRKS: PlatformQuirks = {
  validateResponse: validateTelegramResponse,
  retryAfterOf: telegramRetryAfterMs,
  explainRejection: telegramReason,
};

/**
 * The Bot API's `sendMessage` method on the server the address names: Flux's docs set
 * `https://api.telegram.org` (the only server Flux posts to), and a self-hosted Bot API server
 * works the same way. The bot token is a path segment, as the Bot API wants it.
 */
export function telegramSendMessageUrl(address: URL, token: string): string {
  return urlUnder(address, `/bot${encodePathSegment(token)}/sendMessage`);
}

/** Posts Flux's MarkdownV2 message to a chat (and topic) with the bot's token. */
export function createTelegramNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
  limit: Pick<MessageLimit, 'max' | 'unit'>,
): Notifier {
  const checked = checkTarget(target);
  const token = requiredToken(target, 'the bot token');
  const chat = telegramChatOf(target.channel ?? '');
  if (chat.chatId === '') {
    throw configError(target, 'HERALD_PROVIDER_INVALID_CHANNEL', 'telegram needs a chat id');
  }
  const url = telegramSendMessageUrl(checked.address, token);
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY, TELEGRAM_QUIRKS);
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (telegram)`,
    async (event, signal) => {
      const body = encodeTelegramPayload(event, chat, limit);
      await poster.post({ url, body, headers: {} }, signal);
    },
  );
}
