/** Shorter user names are not masked on their own: masking `a` would garble every message. */
const MIN_USERNAME_LENGTH = 4;

/** The keys of an Azure connection string whose values are credentials. */
const CONNECTION_STRING_SECRET_KEYS: ReadonlySet<string> = new Set([
  'sharedaccesskey',
  'sharedaccesssignature',
]);

/**
 * The credentials an address carries that masking the whole address does not catch when they
 * are echoed alone: a URL's user name (a Sentry DSN's key, sent in `X-Sentry-Auth` and the
 * envelope) and the key of a `Name=value;` connection string (Event Hubs' `SharedAccessKey`).
 */
export function addressSecrets(address: string): string[] {
  const secrets: string[] = [];
  if (URL.canParse(address)) {
    const { username } = new URL(address);
    // A DSN's key is hex, the same written or encoded.
    if (username.length >= MIN_USERNAME_LENGTH) secrets.push(username);
  }
  for (const part of address.split(';')) {
    const equals = part.indexOf('=');
    if (equals === -1) continue;
    const key = part.slice(0, equals).trim().toLowerCase();
    const value = part.slice(equals + 1).trim();
    if (CONNECTION_STRING_SECRET_KEYS.has(key) && value !== '') secrets.push(value);
  }
  return secrets;
}
