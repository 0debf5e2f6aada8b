import type { FluxEvent } from '../api/event.js';
import type { EventSink, EventSource } from './event-sink.js';

/**
 * Most events held before routing is built: a start-up (the API server slow to list) should
 * not refuse events, a long outage must not grow memory without bound.
 */
export const MAX_HELD_BEFORE_ROUTING = 1_000;

interface HeldEvent {
  readonly event: FluxEvent;
  readonly source: EventSource;
  /** Settles the promise `accept` returned, once the target has recorded the event. */
  readonly handedOn: (recorded: Promise<void> | undefined) => void;
}

/**
 * Holds accepted events until routing is first built (the caches' first list, or the manifests'
 * first load), then hands them on in the order they came. Matching them sooner would match an
 * empty index and lose them after their 202. Full, it refuses new events (the Event API then
 * answers 503, which Flux's controllers retry) rather than drop one it accepted.
 */
export class StartupHold implements EventSink {
  readonly #target: EventSink;
  readonly #maxHeld: number;
  #held: HeldEvent[] | undefined = [];

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

  /** A held event is recorded only once routing is built and the target takes it. */
  accept(event: FluxEvent, source: EventSource): Promise<void> | undefined {
    if (this.#held === undefined) return this.#target.accept(event, source);
    const held = this.#held;
    return new Promise((resolve) => {
      held.push({
        event,
        source,
        handedOn: (recorded) => {
          resolve(recorded);
        },
      });
    });
  }

  /** Routing is built: hands on what was held, then lets every event through. Once only. */
  release(): void {
    const held = this.#held;
    if (held === undefined) return;
    this.#held = undefined;
    for (const { event, source, handedOn } of held) handedOn(this.#target.accept(event, source));
  }
}
