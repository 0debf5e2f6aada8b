import { HeraldError } from '../../errors/herald-error.js';
import { verifyIdToken } from '../oidc/verify-id-token.js';
import { bearerToken, checkShape, decodeObject, text } from './checks.js';
import { VerificationError, type ReceiverVerifier } from './verifier.js';

/** The issuer Google's ID tokens carry, with or without scheme. */
const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];

/**
 * gcr: a Pub/Sub push subscription's request, with a Google-signed ID token as bearer: verified
 * with Google's keys, for the Secret's `audience`, issued to the Secret's `email` (the service
 * account of the subscription), email verified. The body is the Pub/Sub envelope; the registry
 * event inside (base64 JSON) is what the resourceFilter sees.
 */
export const verifyGcr: ReceiverVerifier = async (request, context) => {
  const { email = '', audience = '' } = context.secret ?? {};
  let claims: Readonly<Record<string, unknown>>;
  try {
    claims = await verifyIdToken(
      bearerToken(request.headers),
      context.keys,
      context.googleKeysUrl,
      {
        issuers: GOOGLE_ISSUERS,
        audience,
        nowSeconds: context.nowSeconds,
      },
    );
    if (claims.email !== email)
      throw new VerificationError(`token email is '${String(claims.email)}', want '${email}'`);
    if (claims.email_verified !== true)
      throw new VerificationError(`token email '${email}' is not verified`);
  } catch (error) {
    if (!(error instanceof VerificationError || error instanceof HeraldError)) throw error;
    throw new VerificationError(`cannot authenticate GCR request: ${error.message}`);
  }
  const envelope = decodeObject(request.body, 'GCR webhook', { message: 'object' });
  const message = checkShape(envelope.message, 'GCR webhook', { data: 'string' });
  const event = checkShape(parseData(text(message, 'data')), 'GCR webhook body', {
    action: 'string',
    digest: 'string',
    tag: 'string',
  });
  const unwrapped = {
    action: text(event, 'action'),
    digest: text(event, 'digest'),
    tag: text(event, 'tag'),
  };
  return {
    summary: `GCR event from ${unwrapped.digest} for tag ${unwrapped.tag}`,
    body: Buffer.from(JSON.stringify(unwrapped)),
  };
};

function parseData(data: string): unknown {
  try {
    return JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch (error) {
    throw new VerificationError(`cannot decode GCR webhook body: ${(error as Error).message}`);
  }
}
