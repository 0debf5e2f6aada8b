/**
 * Whether this replica leads. With `--enable-leader-election` a Lease decides; without it,
 * every replica leads. Leaders alone write status and ingest native Events.
 */
export interface Leadership {
  isLeader(): boolean;
  /** Called on every change; returns a function that removes the listener. */
  onChange(listener: (leading: boolean) => void): () => void;
}

/** Leadership when election is off: this replica always leads. */
export const ALWAYS_LEADER: Leadership = Object.freeze({
  isLeader: () => true,
  onChange: () => () => undefined,
});
