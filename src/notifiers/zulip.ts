import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import type { AttemptResponse } from '../http/send-attempt.js';
import type { MessageLimit } from '../providers/provider-descriptor.js';
import { createClosableNotifier } from './closable-notifier.js';
import { fitMessage, sizeIn } from './fit-message.js';
import { formatMarkdownPost } from './markdown-post.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { jsonObjectOf, secondsToMs } from './platform-answer.js';
import { createTargetPoster, type PlatformQuirks } from './target-poster.js';
import { checkTarget, configError } from './target-validation.js';
import { goFormEncode } from './url-encoding.js';

/** Zulip's error codes: `BAD_REQUEST`, `STREAM_DOES_NOT_EXIST`, `RATE_LIMIT_HIT`. */
const ZULIP_ERROR_CODE = /^[A-Z_]{1,64}$/;

/** Where a Zulip message goes: Flux's `channel`, `<stream>/<topic>`. */
export interface ZulipDestination {
  readonly stream: string;
  readonly topic: string;
}

/** `<stream>/<topic>`, split at the first `/` (the topic may hold more); undefined if malformed. */
export function zulipDestinationOf(channel: string | undefined): ZulipDestination | undefined {
  const slash = channel?.indexOf('/') ?? -1;
  if (channel === undefined || slash <= 0 || slash === channel.length - 1) return undefined;
  return { stream: channel.slice(0, slash), topic: channel.slice(slash + 1) };
}

/** `{"result":"error","code":"STREAM_DOES_NOT_EXIST","msg":"…"}`: the code only. */
function zulipReason(response: AttemptResponse): string | undefined {
  const code = jsonObjectOf(response.body)?.code;
  return typeof code === 'string' && ZULIP_ERROR_CODE.test(code) ? `Zulip ${code}` : undefined;
}

/** A 429's `{"code":"RATE_LIMIT_HIT","retry-after":28.05}` (seconds), when no header came. */
function zulipRetryAfterMs(response: AttemptResponse): number | undefined {
  return secondsToMs(jsonObjectOf(response.body)?.['retry-after']);
}

const ZULIP_QUIRKS: PlatformQuirks = {
  retryAfterOf: zulipRetryAfterMs,
  explainRejection: zulipReason,
};

/** Flux's endpoint: the address with its path replaced by `/api/v1/messages` (query kept). */
export function zulipMessagesUrl(address: URL): string {
  const url = new URL(address.href);
  url.pathname = '/api/v1/messages';
  return url.href;
}

/**
 * Posts Flux's Markdown message to a stream and topic (`internal/notifier/zulip.go`): a form
 * body, `content`, `to`, `topic`, `type=stream` in Go's encoding, with the bot's email and API
 * key as Basic auth.
 */
export function createZulipNotifier(
  target: ProviderTarget,
  deps: NotifierDeps,
  limit: Pick<MessageLimit, 'max' | 'unit'>,
): Notifier {
  const checked = checkTarget(target);
  const destination = zulipDestinationOf(target.channel);
  if (destination === undefined) {
    throw configError(
      target,
      'HERALD_PROVIDER_INVALID_CHANNEL',
      'zulip needs spec.channel as <stream>/<topic>',
    );
  }
  if (!target.username || !target.password) {
    throw configError(
      target,
      'HERALD_PROVIDER_MISSING_CREDENTIALS',
      "zulip needs the bot's email (username) and API key (password)",
    );
  }
  const url = zulipMessagesUrl(checked.address);
  const credentials = Buffer.from(`${target.username}:${target.password}`).toString('base64');
  const headers = {
    'Content-Type': 'application/x-www-form-urlencoded',
    Authorization: `Basic ${credentials}`,
  };
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY, ZULIP_QUIRKS);
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (zulip)`,
    async (event, signal) => {
      const message = fitMessage(event.message, limit, (cut) =>
        sizeIn(limit.unit, formatMarkdownPost(event, cut)),
      );
      const form = goFormEncode([
        ['type', 'stream'],
        ['to', destination.stream],
        ['topic', destination.topic],
        ['content', formatMarkdownPost(event, message)],
      ]);
      await poster.post({ url, body: Buffer.from(form, 'utf8'), headers }, signal);
    },
  );
}
