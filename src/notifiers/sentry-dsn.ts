/** What a Sentry DSN says: where envelopes go and the key they are sent with. */
export interface SentryDsn {
  /** `<scheme>://<host>[:port][/path]/api/<project>/envelope/` */
  readonly envelopeUrl: string;
  readonly publicKey: string;
  /** Legacy DSNs carry one (`https://key:secret@…`); current ones do not. */
  readonly secretKey: string | undefined;
}

/**
 * Reads a DSN, `<scheme>://<public key>[:<secret>]@<host>[:port][/path]/<project id>`, as
 * Sentry's SDKs do; returns why it cannot be used (never quoting it: it holds the key).
 */
export function parseSentryDsn(dsn: string): SentryDsn | string {
  if (!URL.canParse(dsn)) return 'the DSN is not a URL';
  const url = new URL(dsn);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'the DSN is not http(s)';
  if (url.username === '') return 'the DSN has no public key (`https://<key>@host/<project>`)';
  const segments = url.pathname.split('/');
  const project = segments.pop() ?? '';
  if (project === '') return 'the DSN names no project (`https://<key>@host/<project>`)';
  const path = segments.join('/');
  try {
    return {
      envelopeUrl: `${url.protocol}//${url.host}${path}/api/${project}/envelope/`,
      publicKey: decodeURIComponent(url.username),
      secretKey: url.password === '' ? undefined : decodeURIComponent(url.password),
    };
  } catch {
    return 'the DSN key is not valid percent-encoding';
  }
}
