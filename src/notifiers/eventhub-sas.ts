import { createHmac } from 'node:crypto';

/** How long a signed token is valid: one request's worth, retries included, with room. */
export const SAS_TOKEN_LIFETIME_SECONDS = 3_600;

/**
 * A Shared Access Signature for `resourceUri`, as Azure's documentation builds it
 * (https://learn.microsoft.com/rest/api/eventhub/generate-sas-token): HMAC-SHA256, keyed by
 * the key's text, of the URL-encoded resource, a line break and the expiry in Unix seconds.
 */
export function signEventHubSas(
  resourceUri: string,
  keyName: string,
  key: string,
  expiresAtSeconds: number,
): string {
  const resource = encodeURIComponent(resourceUri);
  const signature = createHmac('sha256', key)
    .update(`${resource}\n${expiresAtSeconds}`, 'utf8')
    .digest('base64');
  return (
    `SharedAccessSignature sr=${resource}&sig=${encodeURIComponent(signature)}` +
    `&se=${expiresAtSeconds}&skn=${encodeURIComponent(keyName)}`
  );
}
