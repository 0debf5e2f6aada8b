import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import type { MessageLimit } from '../providers/provider-descriptor.js';
import { createClosableNotifier } from './closable-notifier.js';
import { goJsonString } from './go-json-string.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { createTargetPoster } from './target-poster.js';
import { checkTarget, configError } from './target-validation.js';
import { truncateToFit } from './truncate-to-fit.js';
import { webexMarkdown } from './webex-markdown.js';

/** Webex's limit on a message: 7,439 bytes of Markdown (its Messages API reference). */
export const WEBEX_MESSAGE_LIMIT: MessageLimit = {
  max: 7_439,
  unit: 'bytes',
  of: 'the Markdown message',
};

/**
 * Posts Flux's Webex message to the Messages API (`https://webexapis.com/v1/messages` as Flux's
 * documentation sets the address) as the bot whose token the Secret holds, to the room
 * `spec.channel` names: `{"roomId":…,"markdown":…}` with `Authorization: Bearer <token>`.
 */
export function createWebexNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const checked = checkTarget(target);
  const { token, channel } = target;
  if (token === undefined || token === '') {
    throw configError(target, 'HERALD_PROVIDER_MISSING_TOKEN', 'webex needs the bot token');
  }
  if (channel === undefined || channel === '') {
    throw configError(target, 'HERALD_PROVIDER_INVALID_CHANNEL', 'webex needs the room ID');
  }
  const poster = createTargetPoster(target, checked, deps, FLUX_RETRY_POLICY);
  const headers = { Authorization: `Bearer ${token}` };
  return createClosableNotifier(
    `Provider ${target.namespace}/${target.name} (webex)`,
    async (event, signal) => {
      const markdownWith = (message: string) => webexMarkdown({ ...event, message });
      const message = truncateToFit(event.message, WEBEX_MESSAGE_LIMIT, (text) =>
        Buffer.byteLength(markdownWith(text), 'utf8'),
      );
      const body = `{"roomId":${goJsonString(channel)},"markdown":${goJsonString(markdownWith(message))}}`;
      await poster.post({ url: target.address, body: Buffer.from(body, 'utf8'), headers }, signal);
    },
  );
}
