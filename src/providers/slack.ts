import { createSlackNotifier, isSlackWebApi } from '../notifiers/slack.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

/**
 * Slack truncates a message's text beyond 40,000 characters
 * (https://api.slack.com/changelog/2018-04-truncating-really-long-messages). Herald puts the
 * event message in the attachment text; the Event API already stops messages at 39,000.
 */
export const SLACK_MAX_TEXT_CHARACTERS = 40_000;

export const SLACK_PROVIDER: ProviderDescriptor = {
  type: 'slack',
  class: 'chat',
  checkCredentials: ({ address, token }, _secret, named) =>
    address !== undefined && isSlackWebApi(address.value) && !token
      ? `Slack's chat.postMessage API needs a bot token: no 'token' key in ${named}`
      : undefined,
  messageLimit: { max: SLACK_MAX_TEXT_CHARACTERS, unit: 'characters', of: 'the message text' },
  // "1 message per second per channel, with short bursts allowed":
  // https://api.slack.com/docs/rate-limits#rate-limits__limits-when-posting-messages
  documentedRate: { perSecond: 1, burst: 2 },
  rateLimits: '429 retried, honouring Retry-After',
  readme: {
    delivers:
      "Flux's Slack attachment payload to an incoming webhook or `chat.postMessage` (a 200 with `ok: false` is an error); on `chat.postMessage`, one thread per object with `spec.threading` (see Slack threads)",
    credentials: '`address` (webhook URL), `token` (bot token, `Authorization: Bearer`)',
  },
  createNotifier: createSlackNotifier,
};
