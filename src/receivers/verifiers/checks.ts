import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { VerificationError, type VerifierContext } from './verifier.js';

/**
 * Equality in time independent of where the inputs differ: both sides are hashed first, so
 * neither their content nor their length leaks through timing.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** One header's value, the first when repeated; undefined when absent. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The token the Receiver's Secret holds; every type but generic-oidc has one. */
export function tokenOf(context: VerifierContext): string {
  if (context.secret === undefined) throw new VerificationError('the Receiver has no token');
  return context.secret.token;
}

/**
 * Flux's `events` filter: an empty list accepts every event, else the event (case-insensitive)
 * must be listed. `what` names the sender in the refusal.
 */
export function checkEvent(event: string, context: VerifierContext, what: string): void {
  const events = context.receiver.spec.events ?? [];
  if (events.length === 0) return;
  const wanted = event.toLowerCase();
  if (!events.some((allowed) => allowed.toLowerCase() === wanted))
    throw new VerificationError(`the ${what} event '${event}' is not authorised`);
}

const HMAC_ALGORITHMS: Readonly<Record<string, string>> = {
  sha1: 'sha1',
  sha256: 'sha256',
  sha512: 'sha512',
};

/**
 * Checks a `<algorithm>=<hex>` signature (sha1, sha256 or sha512) of the raw body, as GitHub,
 * Bitbucket Server and generic-hmac senders sign it. The message never carries either digest.
 */
export function checkPrefixedHmac(signature: string | undefined, body: Buffer, key: string): void {
  if (signature === undefined || signature === '') throw new VerificationError('missing signature');
  const equals = signature.indexOf('=');
  const algorithm = HMAC_ALGORITHMS[signature.slice(0, equals).toLowerCase()];
  if (equals < 0 || algorithm === undefined)
    throw new VerificationError('unknown signature format: expected sha1=, sha256= or sha512=');
  if (!constantTimeEqual(signature.slice(equals + 1).toLowerCase(), hmacHex(algorithm, key, body)))
    throw new VerificationError('payload signature check failed');
}

export function hmacHex(algorithm: string, key: string, body: Buffer): string {
  return createHmac(algorithm, key).update(body).digest('hex');
}

/** The body as JSON; `what` names the payload in the refusal, as Flux's messages do. */
export function parseJson(body: Buffer, what: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new VerificationError(`cannot decode ${what} payload: ${(error as Error).message}`);
  }
}

type Shape = Readonly<Record<string, 'string' | 'object' | 'string[]'>>;

/**
 * Decodes a JSON object the way Go's decoder fills a struct: the named fields must have their
 * type when present (others are ignored); `null` decodes to an empty struct. Returns the object.
 */
export function decodeObject(body: Buffer, what: string, shape: Shape): Record<string, unknown> {
  return checkShape(parseJson(body, what), what, shape);
}

/** {@link decodeObject} of a value already parsed, e.g. a nested object of a payload. */
export function checkShape(value: unknown, what: string, shape: Shape): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new VerificationError(`cannot decode ${what} payload: not a JSON object`);
  const object = value as Record<string, unknown>;
  for (const [field, type] of Object.entries(shape)) {
    const present = object[field];
    if (present === undefined || present === null) continue;
    const fits =
      type === 'string[]'
        ? Array.isArray(present) && present.every((item) => typeof item === 'string')
        : type === 'object'
          ? typeof present === 'object' && !Array.isArray(present)
          : typeof present === type;
    if (!fits)
      throw new VerificationError(`cannot decode ${what} payload: ${field} is not a ${type}`);
  }
  return object;
}

/** A string field for a log line, or '' when absent. */
export function text(object: Record<string, unknown>, field: string): string {
  const value = object[field];
  return typeof value === 'string' ? value : '';
}

/** The token of `Authorization: Bearer <token>`; refuses any other form. */
export function bearerToken(headers: IncomingHttpHeaders): string {
  const value = header(headers, 'Authorization') ?? '';
  const token = value.startsWith('Bearer ') ? value.slice('Bearer '.length).trim() : '';
  if (token === '') throw new VerificationError('the Authorization header is missing or malformed');
  return token;
}
