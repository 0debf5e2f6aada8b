/** How long a client may take to send a request, and how large its headers may be. */
export interface ServerLimits {
  /** From a request's first byte until its headers are in (Go's `ReadHeaderTimeout`). */
  readonly readHeaderTimeoutMs: number;
  /** From a request's first byte until all of it, body included, is in (Go's `ReadTimeout`). */
  readonly readTimeoutMs: number;
  /** Request line and headers together; more is answered 431 (Go's `MaxHeaderBytes`). */
  readonly maxHeaderBytes: number;
}

/**
 * What Flux's notification-controller sets on its event server (`internal/server/limits.go`):
 * a slow or oversized client is cut off instead of holding a connection. Node's own defaults
 * differ (60 s for headers, 300 s for a request, 16 KiB of headers).
 */
export const FLUX_EVENT_SERVER_LIMITS: ServerLimits = {
  readHeaderTimeoutMs: 10_000,
  readTimeoutMs: 30_000,
  maxHeaderBytes: 256 * 1024,
};
