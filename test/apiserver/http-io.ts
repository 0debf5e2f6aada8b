import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringify as toYaml } from 'yaml';
import type { JsonObject } from './json.js';
import { ApiError, failure, type Status } from './status-errors.js';

/** kube-apiserver's limit on request bodies (--max-request-body-bytes default). */
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

/** Fixed per server start, like the real server's priority-and-fairness objects. */
export interface ResponseIdentity {
  flowSchemaUid: string;
  priorityLevelUid: string;
}

export function newResponseIdentity(): ResponseIdentity {
  return { flowSchemaUid: randomUUID(), priorityLevelUid: randomUUID() };
}

/** Headers every kube-apiserver response carries. */
export function standardHeaders(identity: ResponseIdentity): Record<string, string> {
  return {
    'Audit-Id': randomUUID(),
    'Cache-Control': 'no-cache, private',
    'X-Kubernetes-Pf-Flowschema-Uid': identity.flowSchemaUid,
    'X-Kubernetes-Pf-Prioritylevel-Uid': identity.priorityLevelUid,
  };
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BODY_BYTES) {
      throw new ApiError(
        failure(
          413,
          'RequestEntityTooLarge',
          `Request entity too large: limit is ${MAX_REQUEST_BODY_BYTES}`,
        ),
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** `299 - "text"`: the real server's Warning header form, which kubectl prints as `Warning: text`. */
export function warningHeader(text: string): string {
  return `299 - ${JSON.stringify(text)}`;
}

export interface SendOptions {
  headers: Record<string, string>;
  warnings?: readonly string[];
  yaml?: boolean;
}

export function sendObject(
  res: ServerResponse,
  code: number,
  body: JsonObject | Status,
  options: SendOptions,
): void {
  const text = options.yaml ? toYaml(body) : JSON.stringify(body);
  const headers: Record<string, string | string[]> = {
    ...options.headers,
    'Content-Type': options.yaml ? 'application/yaml' : 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
  };
  if (options.warnings?.length) headers.Warning = [...new Set(options.warnings)].map(warningHeader);
  res.writeHead(code, headers);
  res.end(text);
}

export function sendStatus(
  res: ServerResponse,
  status: Status,
  headers: Record<string, string>,
): void {
  const extra: Record<string, string> = {};
  const retryAfter = status.details?.retryAfterSeconds;
  if (retryAfter !== undefined) extra['Retry-After'] = String(retryAfter);
  sendObject(res, status.code ?? 500, status, { headers: { ...headers, ...extra } });
}

export function sendText(
  res: ServerResponse,
  code: number,
  text: string,
  headers: Record<string, string>,
): void {
  res.writeHead(code, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}
