/** One notification waiting for, or in, delivery. */
export interface DeliveryJob {
  run(signal: AbortSignal): Promise<void>;
}

export interface ProviderQueueOptions {
  /** Most jobs waiting plus running; one more is refused, never queued without bound. */
  maxJobs: number;
  /** Most jobs running at once. */
  concurrency: number;
  /** Told each time a job has finished and left room. */
  onJobDone?: () => void;
}

/**
 * A bounded, concurrency-limited queue of deliveries for one Provider, so a slow or failing
 * receiver holds back only its own notifications. Job failures are the job's business: `run`
 * is expected to settle and report on its own.
 */
export class ProviderQueue {
  readonly #options: ProviderQueueOptions;
  readonly #waiting: DeliveryJob[] = [];
  #running = 0;
  readonly #abort = new AbortController();
  #idle: (() => void)[] = [];

  constructor(options: ProviderQueueOptions) {
    this.#options = options;
  }

  /** Jobs waiting or running. */
  get depth(): number {
    return this.#waiting.length + this.#running;
  }

  /** False when the queue is full (or stopped) and the job was not taken. */
  offer(job: DeliveryJob): boolean {
    if (this.#abort.signal.aborted || this.depth >= this.#options.maxJobs) return false;
    this.#waiting.push(job);
    this.#pump();
    return true;
  }

  /** Resolves when nothing is waiting or running. */
  idle(): Promise<void> {
    if (this.depth === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /**
   * Stops taking jobs and aborts running ones; returns how many never completed (waiting ones
   * are dropped).
   */
  abort(): number {
    const left = this.depth;
    this.#waiting.length = 0;
    this.#abort.abort();
    return left;
  }

  #pump(): void {
    while (this.#running < this.#options.concurrency && this.#waiting.length > 0) {
      const job = this.#waiting.shift();
      if (job === undefined) return;
      this.#running++;
      void job
        .run(this.#abort.signal)
        .catch(() => undefined)
        .finally(() => {
          this.#running--;
          this.#pump();
          this.#options.onJobDone?.();
          if (this.depth === 0) {
            const waiters = this.#idle;
            this.#idle = [];
            for (const resolve of waiters) resolve();
          }
        });
    }
  }
}
