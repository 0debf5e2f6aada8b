import { HeraldError } from '../errors/herald-error.js';

/**
 * Why a delivery did not happen. Tests and callers branch on the code, never on the message.
 * - FAILED: the receiver could not be reached or kept failing until retries ran out.
 * - REJECTED: the receiver answered with a final refusal (4xx but 429, 501, a vendor error).
 * - ADDRESS_NOT_ALLOWED: the receiver or proxy is at a link-local or cloud metadata address.
 * - ABORTED: the caller's signal ended the delivery.
 * - BACKLOG_FULL / CLOSED: a batching notifier refused the event before sending it.
 */
export type DeliveryErrorCode =
  | 'HERALD_DELIVERY_FAILED'
  | 'HERALD_DELIVERY_REJECTED'
  | 'HERALD_DELIVERY_ADDRESS_NOT_ALLOWED'
  | 'HERALD_DELIVERY_ABORTED'
  | 'HERALD_DELIVERY_BACKLOG_FULL'
  | 'HERALD_NOTIFIER_CLOSED';

export interface DeliveryErrorDetails {
  /** HTTP status of the last response, if there was one. */
  readonly status?: number;
  /** Attempts made (0 when the event never reached the wire). */
  readonly attempts: number;
  /** Node/axios error code of the last connection failure (`ECONNREFUSED`, `ETIMEDOUT`…). */
  readonly networkCode?: string;
  /** The last response's body (as much as was read), for a notifier that reads refusals. */
  readonly responseBody?: Buffer;
}

/**
 * A failed delivery. The message is already masked (no token, password or URL secret); no
 * `cause` is attached on purpose: the underlying axios error holds the request headers.
 */
export class DeliveryError extends HeraldError {
  declare readonly code: DeliveryErrorCode;
  readonly status: number | undefined;
  readonly attempts: number;
  readonly networkCode: string | undefined;
  // Private, so logging the error whole never prints it: the body is not masked.
  readonly #responseBody: Buffer | undefined;

  constructor(code: DeliveryErrorCode, message: string, details: DeliveryErrorDetails) {
    super(code, message);
    this.status = details.status;
    this.attempts = details.attempts;
    this.networkCode = details.networkCode;
    this.#responseBody = details.responseBody;
  }

  /** The last response's body, unmasked: for parsing, never for logs or messages. */
  get responseBody(): Buffer | undefined {
    return this.#responseBody;
  }
}

export function isDeliveryError(value: unknown): value is DeliveryError {
  return value instanceof DeliveryError;
}
