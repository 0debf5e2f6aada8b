import type { IncomingHttpHeaders } from 'node:http';
import type { Receiver } from '../../api/receiver.js';
import type { OidcRules } from '../oidc/oidc-rules.js';
import type { ReceiverSecretData } from '../receiver-readiness.js';
import type { SigningKeys } from '../oidc/signing-keys.js';

/** One webhook call as a verifier sees it: the headers and the raw body, at most 3 MiB. */
export interface WebhookRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** What a verifier checks a request against. */
export interface VerifierContext {
  readonly receiver: Receiver;
  /** The Secret's values; absent for generic-oidc, which has no Secret. */
  readonly secret: ReceiverSecretData | undefined;
  readonly oidc: OidcRules | undefined;
  /** Public signing keys of OIDC issuers (Google's for gcr), fetched and cached. */
  readonly keys: SigningKeys;
  /** Where Google's keys are fetched from (gcr); tests point it at their own issuer. */
  readonly googleKeysUrl: string;
  /** Seconds since the epoch, for token expiry. */
  readonly nowSeconds: number;
}

/** A verified request: what to log of it, and the body the resourceFilter sees as `req`. */
export interface Verified {
  /** A short description for the log line (event type, repository, tag); never a secret. */
  readonly summary: string;
  /** Replaces the body for the filter (gcr unwraps its Pub/Sub envelope). */
  readonly body?: Buffer;
}

/** Why a request was refused; the message names the check, never a secret value. */
export class VerificationError extends Error {}

/** Checks that a request comes from the Receiver's sender; rejects with a VerificationError. */
export type ReceiverVerifier = (
  request: WebhookRequest,
  context: VerifierContext,
) => Promise<Verified>;
