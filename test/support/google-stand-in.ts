import assert from 'node:assert/strict';
import { createVerify } from 'node:crypto';
import type { CapturedRequest, Reply } from './capture-server.js';
import type { TestServiceAccount } from './google-service-account.js';

const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** A JWT assertion as Google's token endpoint reads it. */
export interface ReceivedAssertion {
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
}

export interface GoogleStandIn {
  /** Answers token requests at `/token` and publishes at `/v1/projects/…:publish`. */
  readonly answer: (request: CapturedRequest) => Reply;
  /** The assertions exchanged, in order. */
  readonly assertions: readonly ReceivedAssertion[];
  /** The access tokens handed out. */
  readonly issued: readonly string[];
}

const googleError = (code: number, status: string, message: string): Reply => ({
  status: code,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ error: { code, message, status } }),
});

/**
 * Google's OAuth 2.0 token endpoint (service-account JWT grant: the RS256 signature checked
 * with the account's public key, `aud` the endpoint, a one-hour lifetime) and Pub/Sub's REST
 * `topics.publish` (bearer tokens it issued, the topic it knows, `{"messageIds": […]}`), with
 * Google's error bodies.
 */
export function googleStandIn(
  account: TestServiceAccount,
  tokenUrl: () => string,
  topic: string,
): GoogleStandIn {
  const assertions: ReceivedAssertion[] = [];
  const issued: string[] = [];
  let messageId = 0;
  const answerToken = (request: CapturedRequest): Reply => {
    const form = new URLSearchParams(request.body.toString('utf8'));
    if (form.get('grant_type') !== JWT_BEARER_GRANT) {
      return { status: 400, body: '{"error":"unsupported_grant_type"}' };
    }
    const [header = '', claims = '', signature = ''] = (form.get('assertion') ?? '').split('.');
    const verified = createVerify('RSA-SHA256')
      .update(`${header}.${claims}`)
      .verify(account.publicKey, Buffer.from(signature, 'base64url'));
    const decode = (part: string) =>
      JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
    const received = { header: decode(header), claims: decode(claims) };
    assertions.push(received);
    const { iss, aud, iat, exp } = received.claims;
    if (!verified || iss !== account.clientEmail || aud !== tokenUrl()) {
      return {
        status: 400,
        body: '{"error":"invalid_grant","error_description":"Invalid JWT Signature."}',
      };
    }
    assert.equal(Number(exp) - Number(iat), 3_600);
    const token = `ya29.test-access-token-${issued.length + 1}`;
    issued.push(token);
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ access_token: token, expires_in: 3599, token_type: 'Bearer' }),
    };
  };
  const answerPublish = (request: CapturedRequest): Reply => {
    const bearer = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!issued.includes(bearer)) {
      return googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    }
    if (request.path !== `/v1/${topic}:publish`) {
      return googleError(404, 'NOT_FOUND', 'Resource not found');
    }
    const body = JSON.parse(request.body.toString('utf8')) as { messages?: unknown[] };
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      return googleError(400, 'INVALID_ARGUMENT', 'No messages');
    }
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ messageIds: body.messages.map(() => String(++messageId)) }),
    };
  };
  return {
    answer: (request) =>
      request.method !== 'POST'
        ? { status: 405 }
        : request.path === '/token'
          ? answerToken(request)
          : answerPublish(request),
    assertions,
    issued,
  };
}
