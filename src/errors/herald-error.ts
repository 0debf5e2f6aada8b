import type { ErrorCode } from './error-codes.js';

/** The base of Herald's errors: a stable `code` from the catalogue and a message for people. */
export class HeraldError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Whether a thrown value is one of Herald's errors, optionally with one of the given codes. */
export function isHeraldError(value: unknown, ...codes: ErrorCode[]): value is HeraldError {
  return value instanceof HeraldError && (codes.length === 0 || codes.includes(value.code));
}
