import { generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface TestServiceAccount {
  /** The JSON key, as a Provider's `token` holds it. */
  readonly json: string;
  readonly clientEmail: string;
  readonly privateKeyId: string;
  /** Verifies the JWTs signed with the key. */
  readonly publicKey: KeyObject;
}

let made: TestServiceAccount | undefined;

/** A service account's JSON key as Google issues it, with a key made for this test run. */
export function testServiceAccount(): TestServiceAccount {
  if (made !== undefined) return made;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientEmail = 'herald@test-project.iam.gserviceaccount.com';
  const privateKeyId = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0';
  const json = JSON.stringify({
    type: 'service_account',
    project_id: 'test-project',
    private_key_id: privateKeyId,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: clientEmail,
    client_id: '100000000000000000001',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
  });
  made = { json, clientEmail, privateKeyId, publicKey };
  return made;
}
