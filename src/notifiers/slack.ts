import type { ResponseValidator } from '../http/post-json.js';
import { FLUX_RETRY_POLICY } from '../http/retry-policy.js';
import { createMemoryThreadStore } from '../threads/memory-thread-store.js';
import { createClosableNotifier } from './closable-notifier.js';
import type { Notifier, NotifierDeps, ProviderTarget } from './notifier.js';
import { readSlackAnswer } from './slack-answer.js';
import { encodeSlackPayload, slackPayloadOptionsOf } from './slack-payload.js';
import { createSlackThreadDelivery } from './slack-threads.js';
import { slackThreadingOf } from './slack-threading.js';
import { createTargetPoster } from './target-poster.js';
import { checkTarget } from './target-validation.js';
import { isSlackWebApi } from './slack-web-api.js';

// Where Slack's Web API is told from an incoming webhook; here too for the notifier's callers.
export { isSlackWebApi, SLACK_CHAT_POST_MESSAGE_URL } from './slack-web-api.js';

/**
 * Slack's quirk: `chat.postMessage` answers 200 even when it refused the message, and says so
 * in the body (`{"ok":false,"error":"channel_not_found"}`); see
 * https://api.slack.com/methods/chat.postMessage. Incoming webhooks use real status codes
 * (https://api.slack.com/messaging/webhooks#handling_errors), so only the Web API needs this.
 */
export const validateSlackApiResponse: ResponseValidator = (response) => {
  const answer = readSlackAnswer(response.body);
  if (answer === undefined) return 'Slack responded with a body that is not a JSON object';
  if (answer.ok) return undefined;
  return answer.error === undefined
    ? 'Slack responded with an error that is not a Slack error code'
    : `Slack responded with error: ${answer.error}`;
};

/**
 * Posts Flux's Slack attachment to an incoming webhook or to `chat.postMessage`; with
 * `spec.threading`, into one thread per object (slack-threads.ts).
 */
export function createSlackNotifier(target: ProviderTarget, deps: NotifierDeps): Notifier {
  const checked = checkTarget(target);
  const isWebApi = isSlackWebApi(checked.address);
  const threading = slackThreadingOf(target);
  const poster = createTargetPoster(
    target,
    checked,
    deps,
    FLUX_RETRY_POLICY,
    isWebApi ? { validateResponse: validateSlackApiResponse } : {},
  );
  const headers: Record<string, string> =
    target.token === undefined || target.token === ''
      ? {}
      : { Authorization: `Bearer ${target.token}` };
  const options = slackPayloadOptionsOf(target);
  const owner = `Provider ${target.namespace}/${target.name} (slack)`;
  if (threading !== undefined) {
    const deliver = createSlackThreadDelivery({
      target,
      threading,
      poster,
      headers,
      payload: options,
      store: deps.threads ?? createMemoryThreadStore(deps.clock),
      clock: deps.clock,
    });
    return createClosableNotifier(owner, deliver);
  }
  return createClosableNotifier(owner, async (event, signal) => {
    const body = encodeSlackPayload(event, options);
    await poster.post({ url: target.address, body, headers }, signal);
  });
}
