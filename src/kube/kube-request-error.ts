import { ApiException } from '@kubernetes/client-node';
import { HeraldError } from '../errors/herald-error.js';

/**
 * A request to the API server that failed: an HTTP error (with its status and the Status reason
 * the server gave) or no answer at all (status undefined). Messages hold what the server said and
 * the URL path, never credentials: those travel in headers, which are not kept.
 */
export class KubeRequestError extends HeraldError {
  constructor(
    message: string,
    /** HTTP status, or undefined when the server could not be reached. */
    readonly status: number | undefined,
    /** The Status `reason` (`Expired`, `Forbidden`, `NotFound`…) when the server sent one. */
    readonly reason?: string,
  ) {
    super('HERALD_KUBE_REQUEST_FAILED', message);
  }

  /** From an error answer: its Status message when the body is one, else the status alone. */
  static fromResponse(status: number, body: string): KubeRequestError {
    let reason: string | undefined;
    let message = `HTTP ${status}`;
    try {
      const parsed = JSON.parse(body) as { reason?: unknown; message?: unknown };
      if (typeof parsed.reason === 'string' && parsed.reason !== '') reason = parsed.reason;
      if (typeof parsed.message === 'string' && parsed.message !== '')
        message = `HTTP ${status}: ${parsed.message}`;
    } catch {
      // Not a Status (a proxy's HTML page, say): the status is all there is to tell.
    }
    return new KubeRequestError(message, status, reason);
  }

  /** From the object of a watch ERROR frame, a metav1.Status. */
  static fromStatus(object: unknown): KubeRequestError {
    const status = (typeof object === 'object' && object !== null ? object : {}) as {
      code?: unknown;
      reason?: unknown;
      message?: unknown;
    };
    const code = typeof status.code === 'number' ? status.code : undefined;
    const message = typeof status.message === 'string' ? status.message : 'watch error';
    return new KubeRequestError(
      code === undefined ? message : `HTTP ${code}: ${message}`,
      code,
      typeof status.reason === 'string' ? status.reason : undefined,
    );
  }
}

/**
 * Any failure of client-node or of the connection as a {@link KubeRequestError}: client-node's
 * typed APIs throw `ApiException` (`code`), its `Watch` an Error with `statusCode`.
 */
export function kubeRequestErrorOf(error: unknown): KubeRequestError {
  if (error instanceof KubeRequestError) return error;
  if (error instanceof ApiException) {
    // Its own message carries every response header; the body says it better.
    const body: unknown = error.body;
    return KubeRequestError.fromResponse(
      error.code,
      typeof body === 'string' ? body : JSON.stringify(body ?? null),
    );
  }
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    statusCode?: unknown;
    message?: unknown;
  };
  const status = typeof fields.statusCode === 'number' ? fields.statusCode : undefined;
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  return new KubeRequestError(
    status === undefined ? message : `HTTP ${status}: ${message}`,
    status,
  );
}

/** 410 Gone: the resourceVersion is older than the server keeps; list again. */
export function isExpired(error: KubeRequestError): boolean {
  return error.status === 410;
}
