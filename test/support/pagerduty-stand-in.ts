import type { CapturedRequest, Reply, ReplyRule } from './capture-server.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const SEVERITIES = new Set(['critical', 'error', 'warning', 'info']);
const ACTIONS = new Set(['trigger', 'acknowledge', 'resolve']);

interface V2Event {
  routing_key?: unknown;
  event_action?: unknown;
  dedup_key?: unknown;
  payload?: { summary?: unknown; source?: unknown; severity?: unknown };
}

function invalid(errors: string[]): Reply {
  return {
    status: 400,
    headers: JSON_HEADERS,
    body: JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors }),
  };
}

function accepted(body: Record<string, string>): Reply {
  return {
    status: 202,
    headers: JSON_HEADERS,
    body: JSON.stringify({ status: 'success', ...body }),
  };
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/**
 * PagerDuty's Events API v2 (https://developer.pagerduty.com/docs/events-api-v2/overview/):
 * `/v2/enqueue` takes an alert event (a `routing_key`; `trigger` with a payload whose `summary`,
 * `source` and `severity` are set; `acknowledge`/`resolve` with a `dedup_key`),
 * `/v2/change/enqueue` a change event (a `routing_key`, a payload with a `summary`). Accepted:
 * 202; invalid: 400 with the errors; any other path 404.
 */
export function pagerDutyEventsApi(): ReplyRule {
  return (request: CapturedRequest) => {
    let event: V2Event;
    try {
      event = JSON.parse(request.body.toString('utf8')) as V2Event;
    } catch {
      return invalid(['Event object is not valid JSON']);
    }
    const errors = nonEmpty(event.routing_key) ? [] : ["'routing_key' is missing or blank"];
    if (request.path === '/v2/change/enqueue') {
      if (!nonEmpty(event.payload?.summary)) errors.push("'payload.summary' is missing or blank");
      return errors.length > 0 ? invalid(errors) : accepted({ message: 'Change event processed' });
    }
    if (request.path !== '/v2/enqueue') return { status: 404 };
    const action = event.event_action;
    if (typeof action !== 'string' || !ACTIONS.has(action))
      errors.push("'event_action' is missing or invalid");
    if (action === 'trigger') {
      if (!nonEmpty(event.payload?.summary)) errors.push("'payload.summary' is missing or blank");
      if (!nonEmpty(event.payload?.source)) errors.push("'payload.source' is missing or blank");
      if (typeof event.payload?.severity !== 'string' || !SEVERITIES.has(event.payload.severity))
        errors.push("'payload.severity' is missing or invalid");
    } else if (!nonEmpty(event.dedup_key)) {
      errors.push("'dedup_key' is missing or blank");
    }
    if (errors.length > 0) return invalid(errors);
    const dedupKey = nonEmpty(event.dedup_key) ? event.dedup_key : 'generated-dedup-key';
    return accepted({ message: 'Event processed', dedup_key: dedupKey });
  };
}

/** PagerDuty's answer over its rate limit: 429, no Retry-After. */
export const PAGERDUTY_THROTTLED: Reply = {
  status: 429,
  headers: JSON_HEADERS,
  body: JSON.stringify({
    status: 'throttle event',
    message: 'Requests for this service are arriving too quickly. Please retry later.',
  }),
};
