import type { Checkpoint } from './checkpoint.js';

/** One move of the checkpoint, and whether what it moves past is recorded yet. */
interface Move {
  checkpoint: Checkpoint;
  recorded: boolean;
}

/**
 * Publishes a stream's checkpoint moves in order, each only once every occurrence up to it is
 * recorded by the sink (spooled): a crash can then lose no occurrence the stored checkpoint
 * covers. A move with nothing to wait for, behind nothing that waits, is published at once.
 * Memory stays bounded by the recordings outstanding: consecutive recorded moves are folded
 * into the newest.
 */
export class CheckpointGate {
  readonly #publish: (checkpoint: Checkpoint) => void;
  /** Moves not published yet, oldest first; the first one waits for its recording. */
  readonly #waiting: Move[] = [];
  #closed = false;
  /** Resolvers of `recorded()` calls, run once nothing waits. */
  #idle: (() => void)[] = [];

  constructor(publish: (checkpoint: Checkpoint) => void) {
    this.#publish = publish;
  }

  /** Moves that wait to be published. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * The checkpoint moved to `checkpoint`; `recorded` settles once the occurrence it moved past
   * is recorded (absent: it already is, or needs no recording). A failed recording settles it
   * too: the sink has logged it, and holding the checkpoint back would not bring it back.
   */
  move(checkpoint: Checkpoint, recorded?: Promise<unknown>): void {
    if (this.#closed) return;
    if (recorded === undefined) {
      const last = this.#waiting.at(-1);
      if (last === undefined) this.#publish(checkpoint);
      else if (last.recorded) last.checkpoint = checkpoint;
      else this.#waiting.push({ checkpoint, recorded: true });
      return;
    }
    const move: Move = { checkpoint, recorded: false };
    this.#waiting.push(move);
    const done = () => {
      move.recorded = true;
      this.#drain();
    };
    recorded.then(done, done);
  }

  /** Resolves once every move so far is published (or the gate is closed). */
  recorded(): Promise<void> {
    if (this.#waiting.length === 0 || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Publishes nothing more: the stream's term ended. */
  close(): void {
    this.#closed = true;
    this.#waiting.length = 0;
    this.#wake();
  }

  #drain(): void {
    if (this.#closed) return;
    let newest: Checkpoint | undefined;
    while (this.#waiting[0]?.recorded === true) newest = this.#waiting.shift()?.checkpoint;
    if (newest !== undefined) this.#publish(newest);
    if (this.#waiting.length === 0) this.#wake();
  }

  #wake(): void {
    const idle = this.#idle;
    this.#idle = [];
    for (const resolve of idle) resolve();
  }
}
