import { createPrivateKey, type KeyObject } from 'node:crypto';

/** What Herald takes of a service account's JSON key to sign for access tokens. */
export interface GoogleServiceAccount {
  readonly clientEmail: string;
  readonly privateKey: KeyObject;
  /** Names the key in the JWT header (`kid`); absent from some hand-made keys. */
  readonly privateKeyId: string | undefined;
}

/**
 * Reads a service account's JSON key (`type: service_account`, `client_email`, `private_key`
 * in PEM, `private_key_id`), as `gcloud iam service-accounts keys create` writes it. Returns
 * why it cannot be used otherwise, never quoting it.
 */
export function parseGoogleServiceAccount(json: string): GoogleServiceAccount | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return 'is not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null) return 'is not a JSON object';
  const field = (name: string): string | undefined => {
    const value = (parsed as Record<string, unknown>)[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  if (field('type') !== 'service_account') return "has no 'type: service_account'";
  const clientEmail = field('client_email');
  if (clientEmail === undefined) return "has no 'client_email'";
  const pem = field('private_key');
  if (pem === undefined) return "has no 'private_key'";
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    return "has a 'private_key' that is not a PEM private key";
  }
  if (privateKey.asymmetricKeyType !== 'rsa') return "has a 'private_key' that is not RSA";
  return { clientEmail, privateKey, privateKeyId: field('private_key_id') };
}
