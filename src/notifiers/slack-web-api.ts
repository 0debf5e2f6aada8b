/** Slack's Web API method for bots; incoming webhooks live on hooks.slack.com. */
export const SLACK_CHAT_POST_MESSAGE_URL = 'https://slack.com/api/chat.postMessage';

/**
 * Whether an address is Slack's Web API rather than an incoming webhook: the Web API takes a
 * bot token and reports failures in the body. Scheme and port are not compared, so that readiness
 * asks for a token whenever the address looks like the API.
 */
export function isSlackWebApi(address: string | URL): boolean {
  if (typeof address === 'string' && !URL.canParse(address)) return false;
  const url = new URL(address);
  const api = new URL(SLACK_CHAT_POST_MESSAGE_URL);
  return url.hostname === api.hostname && url.pathname === api.pathname;
}
