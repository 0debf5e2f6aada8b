import http from 'node:http';
import type { Reply } from './capture-server.js';

/** What an echoing error answer repeats of the request. */
export interface EchoedRequest {
  readonly method: string;
  /** Path and query as on the request line (absolute form through a proxy). */
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body?: Buffer;
}

/** What escape-html, which Express's finalhandler runs the path through, makes of text. */
function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * An error body that repeats the request the way real servers do: Express's `Cannot POST
 * /path?query` page (HTML-escaped), then Spring Boot's error JSON (`path` without the query)
 * with what debugging receivers add: every header (sorted, as Go's `httputil.DumpRequest`
 * writes them), the method, the decoded query and the body.
 */
export function echoBody(request: EchoedRequest, status: number): string {
  const url = new URL(request.path, 'http://receiver.invalid');
  const express = `<pre>Cannot ${request.method} ${escapeHtml(request.path)}</pre>`;
  const headers = Object.fromEntries(
    Object.entries(request.headers).sort(([a], [b]) => a.localeCompare(b)),
  );
  const spring = JSON.stringify({
    status,
    error: http.STATUS_CODES[status],
    path: url.pathname,
    headers,
    method: request.method,
    query: Object.fromEntries(url.searchParams),
    body: request.body?.toString('utf8') ?? '',
  });
  return `${express}\n${spring}`;
}

/** A proxy's refusal page: the credentials it refused first, then the request's echo. */
export function proxyRefusalBody(request: EchoedRequest, status: number): string {
  const credentials = request.headers['proxy-authorization'] ?? '(none)';
  return `<p>Proxy-Authorization: ${credentials} refused</p>\n${echoBody(request, status)}`;
}

/** A capture-server reply rule: every request answered `status` with its echo. */
export function echoReply(
  status: number,
  headers: Record<string, string> = {},
): (request: EchoedRequest) => Reply {
  return (request) => ({
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers },
    body: echoBody(request, status),
  });
}
