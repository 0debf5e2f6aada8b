import type { FluxEvent } from '../api/event.js';
import type { EventSink, EventSource } from './event-sink.js';

/**
 * Most events held before routing is built: a start-up (the API server slow to list) should
 * not refuse events, a long outage must not grow memory without bound.
 */
export const MAX_HELD_BEFORE_ROUTING = 1_000;

/**
 * Holds accepted events until routing is first built (the caches' first list, or the manifests'
 * first load), then hands them on in the order they came. Matching them sooner would match an
 * empty index and lose them after their 202. Full, it refuses new events (the Event API then
 * answers 503, which Flux's controllers retry) rather than drop one it accepted.
 */
export class StartupHold implements EventSink {
  readonly #target: EventSink;
  readonly #maxHeld: number;
  #held: { event: FluxEvent; source: EventSource }[] | undefined = [];

  constructor(target: EventSink, maxHeld: number) {
    this.#target = target;
    this.#maxHeld = maxHeld;
  }

  /** Events waiting for routing; 0 once released. */
  get held(): number {
    return this.#held?.length ?? 0;
  }

  /** True while no more events can be held: a source should not accept one. */
  refusing(): boolean {
    return this.#held !== undefined && this.#held.length >= this.#maxHeld;
  }

  accept(event: FluxEvent, source: EventSource): void {
    if (this.#held === undefined) this.#target.accept(event, source);
    else this.#held.push({ event, source });
  }

  /** Routing is built: hands on what was held, then lets every event through. Once only. */
  release(): void {
    const held = this.#held;
    if (held === undefined) return;
    this.#held = undefined;
    for (const { event, source } of held) this.#target.accept(event, source);
  }
}
