import type { Leadership } from '../../src/kube/leadership.js';

/** A {@link Leadership} the test flips by hand, as a Lease would on failover. */
export class FlagLeadership implements Leadership {
  #leading: boolean;
  readonly #listeners = new Set<(leading: boolean) => void>();

  constructor(leading: boolean) {
    this.#leading = leading;
  }

  isLeader(): boolean {
    return this.#leading;
  }

  onChange(listener: (leading: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  set(leading: boolean): void {
    if (leading === this.#leading) return;
    this.#leading = leading;
    for (const listener of this.#listeners) listener(leading);
  }
}
