/** What a masked secret is replaced with in error messages and logs. */
export const MASK = '***';

/** URLs inside free text (error messages, response bodies). */
const URL_IN_TEXT_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/**
 * Pieces of a URL shorter than this are not masked on their own: a path `/a` or a query value
 * `1` is no secret, and masking it would garble every slash or digit of a message.
 */
const MIN_URL_PIECE_LENGTH = 4;

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

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
 * What of a URL may be echoed back on its own, each a secret: the whole URL, its path, its
 * query and each query value (as sent and decoded), its password, and the `user:password` pair
 * a client sends base64-encoded as Basic auth. A receiver's `Cannot POST /path?query` or a
 * proxy's echoed request line holds these without the rest of the URL.
 */
export function urlSecrets(value: string | undefined): string[] {
  if (value === undefined || value === '') return [];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [value];
  }
  const query = url.search.slice(1);
  // Decoded, each is masked in every encoding (secretForms); as sent, too, in case the
  // sender's encoding is none of those.
  const pieces = [url.pathname, safeDecode(url.pathname), query, safeDecode(query)];
  for (const queryValue of url.searchParams.values()) pieces.push(queryValue);
  const username = safeDecode(url.username);
  const password = safeDecode(url.password);
  return [
    value,
    ...pieces.filter((piece) => piece.length >= MIN_URL_PIECE_LENGTH),
    ...basicCredentials(username, password),
  ];
}

/** A password and the `user:password` pair Basic auth encodes; nothing without a password. */
export function basicCredentials(username: string | undefined, password: string | undefined) {
  if (password === undefined || password === '') return [];
  return [password, `${username ?? ''}:${password}`];
}

/**
 * Every form a secret may take in an error message or an echoed request: as it is, URL-encoded
 * (component, URI and form encoding), JSON-escaped (plain, ASCII-only, and with `\/`, as
 * encoders differ), HTML-escaped (Express's `Cannot POST …` page), and base64 (a Basic credential).
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>();
  for (const text of [secret, ...urlEncodings(secret)]) {
    forms.add(text);
    const json = JSON.stringify(text).slice(1, -1);
    forms.add(json);
    forms.add(asciiJson(json));
    forms.add(json.replace(/\//g, '\\/'));
    forms.add(text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char));
  }
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  forms.add(base64);
  forms.add(base64.replace(/=+$/, ''));
  forms.add(Buffer.from(secret, 'utf8').toString('base64url'));
  forms.delete('');
  return [...forms];
}

/**
 * Replaces every occurrence of each secret, in any of its {@link secretForms} (case-insensitive,
 * so `%2f` and `\u00E4` are caught too), with `***`, then masks every URL left in the text with
 * {@link maskUrl}.
 */
export function maskSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret === '') continue;
    for (const form of secretForms(secret)) needles.add(form);
  }
  let masked = text;
  if (needles.size > 0) {
    // Longest first, so a secret that contains another is masked whole.
    const alternatives = [...needles].sort((a, b) => b.length - a.length).map(escapeRegExp);
    masked = masked.replace(new RegExp(alternatives.join('|'), 'gi'), MASK);
  }
  return masked.replace(URL_IN_TEXT_PATTERN, (url) => maskUrl(url));
}

function urlEncodings(secret: string): string[] {
  try {
    return [
      encodeURIComponent(secret),
      encodeURI(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
    ];
  } catch {
    // A lone surrogate cannot be URL-encoded, so it cannot be in a URL either.
    return [];
  }
}

/** JSON text with every non-ASCII character as `\uXXXX`. */
function asciiJson(json: string): string {
  return json.replace(
    /[\u0080-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
