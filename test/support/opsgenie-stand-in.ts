import type { CapturedRequest, Reply, ReplyRule } from './capture-server.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const REQUEST_ID = '43a29c5c-3dbf-4fa4-9c26-f4f71023e120';

function answer(status: number, body: Record<string, unknown>): Reply {
  return {
    status,
    headers: JSON_HEADERS,
    body: JSON.stringify({ ...body, took: 0.003, requestId: REQUEST_ID }),
  };
}

/**
 * Opsgenie's Alert API (https://docs.opsgenie.com/docs/alert-api#create-alert) as it answers a
 * create: 401 without `Authorization: GenieKey <apiKey>`, 422 for a body it cannot process (no
 * `message`, or `message`/`description` past 130/15,000 characters), else 202 "Request will be
 * processed".
 */
export function opsgenieAlertApi(apiKey: string): ReplyRule {
  return (request: CapturedRequest) => {
    if (request.headers.authorization !== `GenieKey ${apiKey}`) {
      return answer(401, { message: 'Could not authenticate' });
    }
    let alert: { message?: unknown; description?: unknown };
    try {
      alert = JSON.parse(request.body.toString('utf8')) as typeof alert;
    } catch {
      return answer(422, { message: 'Request body is not processable. Please check the errors.' });
    }
    const errors: Record<string, string> = {};
    if (typeof alert.message !== 'string' || alert.message === '')
      errors.message = 'Message can not be empty.';
    else if (alert.message.length > 130) errors.message = 'Message can not be longer than 130.';
    if (typeof alert.description === 'string' && alert.description.length > 15_000)
      errors.description = 'Description can not be longer than 15000.';
    if (Object.keys(errors).length > 0) {
      return answer(422, {
        message: 'Request body is not processable. Please check the errors.',
        errors,
      });
    }
    return answer(202, { result: 'Request will be processed' });
  };
}

/** Opsgenie's answer to a client over its rate limit: 429, no Retry-After. */
export const OPSGENIE_THROTTLED: Reply = {
  status: 429,
  headers: { ...JSON_HEADERS, 'X-RateLimit-State': 'THROTTLED' },
  body: JSON.stringify({
    message: 'You are making too many requests! To avoid errors, we recommend you limit requests.',
    took: 0.001,
    requestId: REQUEST_ID,
  }),
};
