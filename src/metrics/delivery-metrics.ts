import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Accepted → delivered, in seconds: from a local webhook's milliseconds to retries' minutes. */
const LATENCY_BUCKETS_S = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
];

export type DeliveryResult = 'delivered' | 'failed' | 'dropped' | 'skipped';

/** Matching and delivery metrics. */
export class DeliveryMetrics {
  readonly notifications: Counter<'provider_type' | 'result'>;
  readonly retries: Counter<'provider_type'>;
  readonly queueDepth: Gauge<'provider'>;
  readonly latency: Histogram<'provider_type'>;
  readonly unmatched: Counter;
  readonly summarisedEvents: Counter<'provider_type'>;

  constructor(registry: Registry, queueDepths: () => Iterable<[string, number]>) {
    const registers = [registry];
    this.notifications = new Counter({
      name: 'herald_notifications_total',
      help: 'Notifications by provider type and result: delivered, failed (finally), dropped (queue full or shut down), skipped (the notifier chose not to send, as Flux does).',
      labelNames: ['provider_type', 'result'],
      registers,
    });
    this.retries = new Counter({
      name: 'herald_notification_retries_total',
      help: 'Delivery attempts retried after a connection error, 429 or 5xx.',
      labelNames: ['provider_type'],
      registers,
    });
    this.queueDepth = new Gauge({
      name: 'herald_notification_queue_depth',
      help: 'Notifications waiting or in delivery, per provider (namespace/name).',
      labelNames: ['provider'],
      registers,
      collect() {
        this.reset();
        for (const [provider, depth] of queueDepths()) this.set({ provider }, depth);
      },
    });
    this.latency = new Histogram({
      name: 'herald_notification_delivery_seconds',
      help: 'Time from an event being accepted to its notification being delivered.',
      labelNames: ['provider_type'],
      buckets: LATENCY_BUCKETS_S,
      registers,
    });
    this.unmatched = new Counter({
      name: 'herald_events_unmatched_total',
      help: 'Accepted events that no Alert took.',
      registers,
    });
    this.summarisedEvents = new Counter({
      name: 'herald_notification_summarised_events_total',
      help: 'Events delivered inside a summary notification (an Alert grouping, or a paced destination merging what waited).',
      labelNames: ['provider_type'],
      registers,
    });
  }
}
