import type { FluxEvent } from '../api/event.js';

/** Where an event came from: POSTed by a controller, or a native Kubernetes Event. */
export type EventSource = 'http' | 'kubernetes';

/**
 * What sources hand accepted events to. `accept` must not block or throw: the Event API
 * answers 202 before delivery happens, and delivery failures are the sink's own business.
 */
export interface EventSink {
  /**
   * Undefined when the event's notifications are recorded (spooled, or queued without a spool)
   * by the time it returns, or it needs none; otherwise a promise that settles once they are
   * (an Alert selecting by labels waits for the involved object's). A source that must not
   * move past an event before then (the native Event checkpoint) waits for it.
   */
  accept(event: FluxEvent, source: EventSource): Promise<void> | undefined;
  /** True while the sink cannot take an event it would have to keep (sources answer 503). */
  refusing?(): boolean;
}
