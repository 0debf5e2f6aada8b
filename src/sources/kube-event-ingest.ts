import type { CoreV1Event } from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import type { ListWatchConsumer } from '../kube/list-watch-supervisor.js';
import type { Logger } from '../logging/logger.js';
import type { EventIntake } from '../pipeline/event-intake.js';
import {
  advance,
  advanceResourceVersion,
  afterRelist,
  isCovered,
  type Checkpoint,
  type Occurrence,
} from './checkpoint.js';
import { CheckpointGate } from './checkpoint-gate.js';
import { isFluxControllerEvent } from './flux-controllers.js';
import { toFluxEvent } from './kube-event-conversion.js';
import type { KubeEventMetrics, SkipReason } from './kube-event-metrics.js';
import {
  detectOccurrence,
  occurrenceMark,
  occurrenceOf,
  type OccurrenceMark,
  type WatchPhase,
} from './kube-event-occurrence.js';
import { compareResourceVersions } from './resource-version.js';

/**
 * Bound on the occurrence marks of one stream: one per live Event (uid). Marks go on DELETED
 * (the Events' TTL, an hour) and every relist keeps only the listed Events', so the bound is
 * only reached by a stream holding more live Events than this. Then the least recently seen
 * mark is dropped, which costs at most one duplicate: a later update of that Event's other
 * fields is taken as an occurrence (the rate limiter still catches it within its window).
 * About 200 bytes each.
 */
export const MAX_OCCURRENCE_MARKS = 100_000;

export interface KubeEventIngestOptions {
  /** Where the stream resumes from: the stored checkpoint, or a first-start one. */
  checkpoint: Checkpoint;
  /** No checkpoint was stored: what it covers is skipped as `first-start`. */
  firstStart: boolean;
  /** Reporting controllers whose Events are skipped (`--kube-events-skip-controllers`). */
  skipControllers: ReadonlySet<string>;
  intake: EventIntake;
  metrics: Pick<KubeEventMetrics, 'seen' | 'converted' | 'skipped'>;
  /**
   * Called with the checkpoint each time it moves past what the sink has recorded; the
   * checkpoint store records it.
   */
  onCheckpoint: (checkpoint: Checkpoint) => void;
  logger: Logger;
  maxMarks?: number;
}

/**
 * What one stream of Events does with each of them: tell a new occurrence from a
 * resync, replay or deletion; skip the Flux controllers' Events and what the checkpoint
 * covers; convert; admit through the shared intake (rate limiter, then the sink); and move
 * the checkpoint past it. Synchronous: a stop between two Events leaves the checkpoint exactly
 * at what was handed on. What is stored (`onCheckpoint`) trails it until the sink has recorded
 * each occurrence handed on (an Alert selecting by labels records only once they are read).
 */
export class KubeEventIngest implements ListWatchConsumer<CoreV1Event> {
  readonly #options: KubeEventIngestOptions;
  #checkpoint: Checkpoint;
  #firstStart: boolean;
  #marks: LRUCache<string, OccurrenceMark>;
  readonly #gate: CheckpointGate;

  constructor(options: KubeEventIngestOptions) {
    this.#options = options;
    this.#gate = new CheckpointGate(options.onCheckpoint);
    this.#checkpoint = options.checkpoint;
    this.#firstStart = options.firstStart;
    this.#marks = this.#newMarks();
  }

  /** Past every Event handed on; the stored one may trail it (see the class comment). */
  get checkpoint(): Checkpoint {
    return this.#checkpoint;
  }

  /** Resolves once the sink has recorded every occurrence handed on so far. */
  recorded(): Promise<void> {
    return this.#gate.recorded();
  }

  /** The stream's term ended: no further checkpoint is passed on, recorded or not. */
  close(): void {
    this.#gate.close();
  }

  /** Occurrence marks held, for the memory bound. */
  get marks(): number {
    return this.#marks.size;
  }

  /**
   * A consistent list (the first one, or after 410 Gone): each listed Event whose latest
   * occurrence the checkpoint does not cover is handed on, oldest write first; the marks
   * become the listed Events' (deletions missed while not watching are forgotten).
   */
  listed(events: readonly CoreV1Event[], resourceVersion: string): void {
    const { checkpoint: baseline, resourceVersionReset } = afterRelist(
      this.#checkpoint,
      resourceVersion,
    );
    if (resourceVersionReset) {
      this.#options.logger.warn(
        { checkpoint: this.#checkpoint.resourceVersion, list: resourceVersion },
        'Judged listed Kubernetes Events by time: the API server resourceVersion went back (etcd restored?)',
      );
    }
    // After a counter reset the old resourceVersion must not stay: it would cover the future.
    this.#checkpoint = baseline;
    this.#marks = this.#newMarks();
    const byWrite = [...events].sort(
      (a, b) =>
        compareResourceVersions(a.metadata.resourceVersion, b.metadata.resourceVersion) ?? 0,
    );
    for (const event of byWrite) {
      this.#options.metrics.seen.inc({ as: 'listed' });
      this.#marks.set(uidOf(event), occurrenceMark(event));
      // Judged against the checkpoint before the list: advancing to one listed Event's
      // resourceVersion says nothing about the others.
      this.#occurred(event, baseline);
    }
    this.#firstStart = false;
    this.#move(advanceResourceVersion(this.#checkpoint, resourceVersion));
  }

  notified(phase: WatchPhase, event: CoreV1Event): void {
    const { metrics } = this.#options;
    metrics.seen.inc({ as: SEEN_AS[phase] });
    const uid = uidOf(event);
    const decision = detectOccurrence(phase, this.#marks.get(uid), event);
    if (decision.mark === undefined) this.#marks.delete(uid);
    else this.#marks.set(uid, decision.mark);
    if (decision.isNew) {
      this.#occurred(event, this.#checkpoint);
      return;
    }
    if (phase !== 'DELETED') this.#skip('not-new-occurrence');
    this.#moveTo(event);
  }

  bookmarked(resourceVersion: string): void {
    this.#move(advanceResourceVersion(this.#checkpoint, resourceVersion));
  }

  /** A new occurrence, judged against `baseline`, then handled: the checkpoint moves past it. */
  #occurred(event: CoreV1Event, baseline: Checkpoint): void {
    const occurrence = occurrenceOf(event);
    if (occurrence === undefined) {
      this.#skip('no-time');
      this.#moveTo(event);
      return;
    }
    const reason = this.#skipReason(event, baseline, occurrence);
    let recorded: Promise<void> | undefined;
    if (reason !== undefined) {
      this.#skip(reason);
    } else {
      const converted = toFluxEvent(event);
      if ('skip' in converted) {
        this.#skip(converted.skip);
      } else {
        this.#options.metrics.converted.inc();
        recorded = this.#options.intake.admit(converted, 'kubernetes').recorded;
      }
    }
    this.#move(advance(this.#checkpoint, occurrence), recorded);
  }

  #skipReason(
    event: CoreV1Event,
    baseline: Checkpoint,
    occurrence: Occurrence,
  ): SkipReason | undefined {
    if (isFluxControllerEvent(event, this.#options.skipControllers)) return 'flux-controller';
    if (isCovered(baseline, occurrence))
      return this.#firstStart ? 'first-start' : 'covered-by-checkpoint';
    return undefined;
  }

  #skip(reason: SkipReason): void {
    this.#options.metrics.skipped.inc({ reason });
  }

  /** Past a change that is no occurrence (a deletion, an update of other fields). */
  #moveTo(event: CoreV1Event): void {
    const resourceVersion = event.metadata.resourceVersion;
    if (resourceVersion !== undefined && resourceVersion !== '')
      this.#move(advanceResourceVersion(this.#checkpoint, resourceVersion));
  }

  #move(checkpoint: Checkpoint, recorded?: Promise<void>): void {
    if (checkpoint === this.#checkpoint && recorded === undefined) return;
    this.#checkpoint = checkpoint;
    this.#gate.move(checkpoint, recorded);
  }

  #newMarks(): LRUCache<string, OccurrenceMark> {
    return new LRUCache({ max: this.#options.maxMarks ?? MAX_OCCURRENCE_MARKS });
  }
}

const SEEN_AS = { ADDED: 'added', MODIFIED: 'modified', DELETED: 'deleted' } as const;

/** The Event's uid; namespace/name for the odd Event without one. */
function uidOf(event: CoreV1Event): string {
  const { uid, namespace = '', name = '' } = event.metadata;
  return uid ?? `${namespace}/${name}`;
}
