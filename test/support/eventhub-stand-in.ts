import { createHmac } from 'node:crypto';
import type { CapturedRequest, Reply } from './capture-server.js';

export interface EventHubStandInOptions {
  readonly hub: string;
  readonly keyName: string;
  readonly key: string;
  /** The bearer tokens taken besides SAS (Microsoft Entra ID JWTs). */
  readonly jwts: readonly string[];
  /** The namespace's clock, in epoch ms, that SAS expiries are checked against. */
  readonly now: () => number;
  /** The largest event taken. */
  readonly maxEventBytes: number;
}

const serviceBusError = (status: number, detail: string): Reply => ({
  status,
  headers: { 'Content-Type': 'application/xml; charset=utf-8' },
  body: `<Error><Code>${status}</Code><Detail>${detail}</Detail></Error>`,
});

/**
 * Event Hubs' REST send (https://learn.microsoft.com/rest/api/eventhub/send-event): `POST
 * /<hub>/messages`, authorized by a SAS token it recomputes (resource, expiry, key name) or a
 * known JWT, answering 201; 401, 404 and 413 with Service Bus's XML errors.
 */
export function eventHubStandIn(
  options: EventHubStandInOptions,
): (request: CapturedRequest) => Reply {
  return (request) => {
    const url = new URL(request.path, 'https://namespace');
    if (request.method !== 'POST' || url.pathname !== `/${options.hub}/messages`) {
      return serviceBusError(404, 'The messaging entity could not be found.');
    }
    const authorization = request.headers.authorization ?? '';
    if (authorization.startsWith('Bearer ')) {
      if (!options.jwts.includes(authorization.slice('Bearer '.length))) {
        return serviceBusError(401, 'InvalidIssuer: Token issuer is invalid.');
      }
    } else {
      const problem = sasProblem(authorization, request, options);
      if (problem !== undefined) return serviceBusError(401, problem);
    }
    if (request.body.length > options.maxEventBytes) {
      return serviceBusError(413, 'The received message is too large.');
    }
    return { status: 201 };
  };
}

function sasProblem(
  authorization: string,
  request: CapturedRequest,
  options: EventHubStandInOptions,
): string | undefined {
  if (!authorization.startsWith('SharedAccessSignature ')) return 'MissingToken';
  const fields = new URLSearchParams(authorization.slice('SharedAccessSignature '.length));
  const resource = fields.get('sr') ?? '';
  const expiry = fields.get('se') ?? '';
  const signature = createHmac('sha256', options.key)
    .update(`${encodeURIComponent(resource)}\n${expiry}`, 'utf8')
    .digest('base64');
  if (fields.get('skn') !== options.keyName) return 'InvalidSignature: unknown key name.';
  if (fields.get('sig') !== signature)
    return 'InvalidSignature: The token has an invalid signature.';
  if (Number(expiry) * 1_000 <= options.now()) return 'ExpiredToken: The token is expired.';
  const host = request.headers.host ?? '';
  const sent = `https://${host}/${options.hub}`.toLowerCase();
  if (!sent.startsWith(resource.toLowerCase()))
    return 'InvalidAudience: The token audience does not match.';
  return undefined;
}
