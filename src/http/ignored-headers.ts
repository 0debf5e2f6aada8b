/**
 * Request headers a Provider's `headers` Secret cannot set, lower-case. Go's `Request.Write`,
 * which Flux posts with, skips `Host`, `Content-Length`, `Transfer-Encoding` and `Trailer` in
 * `Request.Header` and writes the real ones itself; Node's client would send them as given, so
 * a wrong `Content-Length` would cut the body and smuggle its rest in as a second request. The
 * connection-level ones are the transport's to decide (Go's HTTP/2 client refuses or drops them,
 * RFC 9113 §8.2.2); Node's client would obey them and change how it treats the socket.
 * `User-Agent` is not here: Go sends the header's value, and so does Herald.
 */
const IGNORED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'trailer',
  'connection',
  'keep-alive',
  'proxy-connection',
  'upgrade',
]);

/** The names (as written) of the headers that are ignored, in the order given. */
export function ignoredHeaderNames(headers: Readonly<Record<string, string>>): string[] {
  return Object.keys(headers).filter((name) => IGNORED_HEADERS.has(name.toLowerCase()));
}

/** The headers without those Herald's client sets or controls itself. */
export function withoutIgnoredHeaders(
  headers: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !IGNORED_HEADERS.has(name.toLowerCase())),
  );
}
