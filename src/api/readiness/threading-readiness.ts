import { parseDuration } from '../../config/duration.js';
import { isSlackWebApi, SLACK_CHAT_POST_MESSAGE_URL } from '../../notifiers/slack-web-api.js';
import { DEFAULT_THREAD_EXPIRY, type Provider } from '../provider.js';
import type { ProviderSettings } from '../provider-settings.js';

/**
 * What keeps a Provider's `spec.threading` from working, or undefined. Threads need a message
 * id to reply to, which only Slack's `chat.postMessage` answers: an incoming webhook answers
 * `ok`. The address is never quoted: a webhook URL is a secret.
 */
export function threadingProblem(
  provider: Provider,
  settings: Pick<ProviderSettings, 'address'>,
): string | undefined {
  const threading = provider.spec.threading;
  if (threading?.enabled !== true) return undefined;
  if (provider.spec.type !== 'slack') {
    return "spec.threading is only supported for the 'slack' provider type";
  }
  if (settings.address === undefined || !isSlackWebApi(settings.address.value)) {
    return (
      `spec.threading needs Slack's chat.postMessage address (${SLACK_CHAT_POST_MESSAGE_URL}): ` +
      `${settings.address?.source ?? 'the address'} is another one, such as an incoming ` +
      'webhook, which answers no message id to reply to'
    );
  }
  return expiryProblem(threading.expiry ?? DEFAULT_THREAD_EXPIRY);
}

function expiryProblem(expiry: string): string | undefined {
  let ms: number;
  try {
    ms = parseDuration(expiry);
  } catch (error) {
    return `spec.threading.expiry: ${(error as Error).message}`;
  }
  return ms > 0 ? undefined : 'spec.threading.expiry must be a positive duration';
}
