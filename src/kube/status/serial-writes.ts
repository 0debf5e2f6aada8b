/**
 * Status writes for one object run one after another (a later write must not overtake an
 * earlier one); writes for different objects run side by side. Each write settles on its own:
 * it handles its errors, so one failure does not stop the next.
 */
export class SerialWrites {
  readonly #writing = new Map<string, Promise<void>>();

  run(key: string, write: () => Promise<void>): void {
    const previous = this.#writing.get(key) ?? Promise.resolve();
    const next = previous.then(write).finally(() => {
      if (this.#writing.get(key) === next) this.#writing.delete(key);
    });
    this.#writing.set(key, next);
  }

  /** Resolves once every write started so far has settled. */
  async idle(): Promise<void> {
    await Promise.all(this.#writing.values());
  }
}
