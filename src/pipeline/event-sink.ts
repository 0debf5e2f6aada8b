import type { FluxEvent } from '../api/event.js';

/** Where an event came from: POSTed by a controller, or a native Kubernetes Event. */
export type EventSource = 'http' | 'kubernetes';

/**
 * What sources hand accepted events to. `accept` must not block or throw: the Event API
 * answers 202 before delivery happens, and delivery failures are the sink's own business.
 */
export interface EventSink {
  accept(event: FluxEvent, source: EventSource): void;
  /** True while the sink cannot take an event it would have to keep (sources answer 503). */
  refusing?(): boolean;
}
