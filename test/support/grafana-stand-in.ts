import type { CapturedRequest, Reply, ReplyRule } from './capture-server.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

function answer(status: number, body: Record<string, unknown>): Reply {
  return { status, headers: JSON_HEADERS, body: JSON.stringify(body) };
}

/** What the stand-in stored, as Grafana's `GET /api/annotations` would list it. */
export interface StoredAnnotation {
  readonly id: number;
  readonly time: number;
  readonly text: string;
  readonly tags: readonly string[];
}

/**
 * Grafana's `POST /api/annotations` (https://grafana.com/docs/grafana/latest/developers/http_api/annotations/)
 * for an organisation that takes the given `Authorization` values: 401 for any other, 400 for a
 * body that is not a JSON object or has no `text` ("text field should not be empty"), else 200
 * "Annotation added" with the new id. Grafana reads `time` (epoch ms) and ignores `when`, so
 * like Grafana the stand-in stamps an annotation without `time` with the request's time.
 */
export function grafanaAnnotationsApi(
  authorizations: readonly string[],
  stored: StoredAnnotation[],
): ReplyRule {
  return (request: CapturedRequest) => {
    if (!authorizations.includes(request.headers.authorization ?? '')) {
      return answer(401, {
        message: 'Unauthorized',
        messageId: 'auth.unauthorized',
        statusCode: 401,
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch {
      return answer(400, { message: 'bad request data' });
    }
    const { text, tags, time } = (body ?? {}) as { text?: unknown; tags?: unknown; time?: unknown };
    if (typeof text !== 'string' || text === '') {
      return answer(400, { message: 'Failed to save annotation: text field should not be empty' });
    }
    const id = stored.length + 1;
    stored.push({
      id,
      time: typeof time === 'number' && time > 0 ? time : Math.floor(request.receivedAtMs),
      text,
      tags: Array.isArray(tags) ? tags.map(String) : [],
    });
    return answer(200, { message: 'Annotation added', id });
  };
}
