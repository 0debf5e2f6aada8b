/** What a masked secret is replaced with in error messages and logs. */
export const MASK = '***';

/** URLs inside free text (error messages, response bodies). */
const URL_IN_TEXT_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/**
 * Keeps only the scheme, host and port of a URL. Webhook URLs carry their secret in the path
 * (Slack's `/services/T…/B…/…`), in userinfo or in the query string, and we cannot tell which
 * part of an arbitrary URL is secret, so all of it goes: `https://hooks.slack.com/***`.
 */
export function maskUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return MASK;
  }
  const userinfo = url.username !== '' || url.password !== '' ? `${MASK}@` : '';
  const hasMore =
    (url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '';
  return `${url.protocol}//${userinfo}${url.host}${hasMore ? `/${MASK}` : ''}`;
}

/**
 * Replaces every occurrence of each secret (and of its URL-encoded form) in `text` with `***`,
 * then masks every URL left in the text with {@link maskUrl}.
 */
export function maskSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret === '') continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
  }
  // Longest first, so a secret that contains another is masked whole.
  let masked = text;
  for (const needle of [...needles].sort((a, b) => b.length - a.length)) {
    masked = masked.split(needle).join(MASK);
  }
  return masked.replace(URL_IN_TEXT_PATTERN, (url) => maskUrl(url));
}
