import { isDeliveryError } from '../http/delivery-error.js';

/** The shape of Slack's error codes (`not_in_channel`, `ratelimited`). */
const SLACK_ERROR_CODE = /^[a-z0-9_]{1,64}$/;

/** What Herald reads of a Slack Web API answer (https://api.slack.com/web#responses). */
export interface SlackAnswer {
  readonly ok: boolean;
  /** Slack's error code; undefined when the body has none, or something else in its place. */
  readonly error: string | undefined;
  /** `chat.postMessage`'s and `chat.update`'s channel id and message timestamp. */
  readonly channel: string | undefined;
  readonly ts: string | undefined;
}

/** The answer in `body`; undefined when it is not a JSON object. */
export function readSlackAnswer(body: Buffer): SlackAnswer | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const fields = parsed as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const error = text(fields.error);
  return {
    ok: fields.ok === true,
    // Only Slack's own codes: anything else is the receiver's text, which may echo the request.
    error: error !== undefined && SLACK_ERROR_CODE.test(error) ? error : undefined,
    channel: text(fields.channel),
    ts: text(fields.ts),
  };
}

/** The Slack error code a delivery was refused with (`ok: false`), if that is why it failed. */
export function slackRefusalOf(error: unknown): string | undefined {
  if (!isDeliveryError(error) || error.code !== 'HERALD_DELIVERY_REJECTED') return undefined;
  const body = error.responseBody;
  return body === undefined ? undefined : readSlackAnswer(body)?.error;
}
