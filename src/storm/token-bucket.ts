/**
 * A token bucket: `burst` tokens at most, refilled at `perSecond`. Time is passed in (ms), so
 * the owner's clock drives it.
 */
export class TokenBucket {
  #tokens: number;
  #updatedAtMs: number;
  #perSecond: number;
  #burst: number;
  /** No refill before this time: the receiver asked to wait (429 with Retry-After). */
  #pausedUntilMs = 0;

  constructor(perSecond: number, burst: number, nowMs: number) {
    this.#perSecond = perSecond;
    this.#burst = burst;
    this.#tokens = burst;
    this.#updatedAtMs = nowMs;
  }

  /** Changes the rate, keeping the tokens saved so far (up to the new burst). */
  configure(perSecond: number, burst: number, nowMs: number): void {
    this.#refill(nowMs);
    this.#perSecond = perSecond;
    this.#burst = burst;
    this.#tokens = Math.min(this.#tokens, burst);
  }

  /** Takes a token if one is there. */
  take(nowMs: number): boolean {
    this.#refill(nowMs);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Empties the bucket and refills nothing until `untilMs`. */
  pauseUntil(untilMs: number, nowMs: number): void {
    this.#refill(nowMs);
    this.#tokens = 0;
    this.#pausedUntilMs = Math.max(this.#pausedUntilMs, untilMs);
    this.#updatedAtMs = Math.max(nowMs, this.#pausedUntilMs);
  }

  /** Milliseconds until a token is there (0 when one is). */
  msUntilToken(nowMs: number): number {
    this.#refill(nowMs);
    if (this.#tokens >= 1) return 0;
    const refillMs = ((1 - this.#tokens) / this.#perSecond) * 1_000;
    return Math.max(0, this.#updatedAtMs - nowMs) + Math.ceil(refillMs);
  }

  #refill(nowMs: number): void {
    if (nowMs <= this.#updatedAtMs) return;
    const elapsedMs = nowMs - this.#updatedAtMs;
    this.#tokens = Math.min(this.#burst, this.#tokens + (elapsedMs / 1_000) * this.#perSecond);
    this.#updatedAtMs = nowMs;
  }
}
