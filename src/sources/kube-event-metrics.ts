import { Counter, Gauge, type Registry } from 'prom-client';
import type { ConversionSkipReason } from './kube-event-conversion.js';

/** How an Event reached the source: a watch notification, or an item of a (re)list. */
export type SeenAs = 'added' | 'modified' | 'deleted' | 'listed';

/** Why an Event seen is not handed to the pipeline (the `reason` label of skipped events). */
export type SkipReason =
  /** Recorded by a controller on `--kube-events-skip-controllers` (it POSTs the same event). */
  | 'flux-controller'
  /** A resync, a replay, an update of other fields, or a deletion (TTL expiry). */
  | 'not-new-occurrence'
  /** Handled before the checkpoint was taken (by this replica or an earlier leader). */
  | 'covered-by-checkpoint'
  /** Older than `--kube-events-since` on a first start with no checkpoint. */
  | 'first-start'
  | ConversionSkipReason;

/**
 * The native Event source's metrics. Events it hands on are counted by the shared intake, as
 * `herald_events_accepted_total{source="kubernetes"}` and
 * `herald_events_rate_limited_total{source="kubernetes"}`, beside the Event API's.
 */
export class KubeEventMetrics {
  readonly seen: Counter<'as'>;
  readonly converted: Counter;
  readonly skipped: Counter<'reason'>;
  readonly watchRestarts: Counter<'reason'>;
  readonly checkpointWrites: Counter;
  readonly checkpointWriteFailures: Counter;
  readonly checkpointAge: Gauge;
  readonly occurrenceMarks: Gauge;

  /** The readings are taken at each scrape. */
  constructor(registry: Registry, readings: KubeEventReadings) {
    const registers = [registry];
    this.seen = new Counter({
      name: 'herald_kube_events_seen_total',
      help: 'Kubernetes Events seen in watch notifications and lists, before any judgement.',
      labelNames: ['as'],
      registers,
    });
    this.converted = new Counter({
      name: 'herald_kube_events_converted_total',
      help: 'New Kubernetes Event occurrences converted to Flux events and handed to the intake.',
      registers,
    });
    this.skipped = new Counter({
      name: 'herald_kube_events_skipped_total',
      help: 'Kubernetes Events seen and not handed on, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.watchRestarts = new Counter({
      name: 'herald_kube_events_watch_restarts_total',
      help: 'Event watches opened again, by reason: closed (by the server; resumed), expired (410; listed again), silent (no frame for too long), error (backed off).',
      labelNames: ['reason'],
      registers,
    });
    this.checkpointWrites = new Counter({
      name: 'herald_kube_events_checkpoint_writes_total',
      help: 'Checkpoint ConfigMap writes that succeeded.',
      registers,
    });
    this.checkpointWriteFailures = new Counter({
      name: 'herald_kube_events_checkpoint_write_failures_total',
      help: 'Checkpoint ConfigMap writes that failed (retried at the next interval).',
      registers,
    });
    this.checkpointAge = new Gauge({
      name: 'herald_kube_events_checkpoint_age_seconds',
      help: 'Seconds since the oldest handled Event not yet in the stored checkpoint; 0 when it is current. A leader killed now repeats what it handled in that time.',
      registers,
      collect() {
        this.set(readings.checkpointAgeSeconds());
      },
    });
    this.occurrenceMarks = new Gauge({
      name: 'herald_kube_events_occurrence_marks',
      help: 'Kubernetes Events remembered (by uid) to tell new occurrences from resyncs; about one per live Event, bounded.',
      registers,
      collect() {
        this.set(readings.occurrenceMarks());
      },
    });
  }
}

export interface KubeEventReadings {
  checkpointAgeSeconds(): number;
  occurrenceMarks(): number;
}
