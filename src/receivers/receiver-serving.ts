import { EMPTY_RECEIVER_INDEX, type ReceiverIndex } from './receiver-index.js';
import type { TargetClient } from './target-client.js';

/** The Receivers a mode holds, checked, and how their targets are reached. */
export interface ReceiverServing {
  index(): ReceiverIndex;
  readonly targets: TargetClient;
}

const nowhere = (): Promise<never> => Promise.reject(new Error('no Receivers are served here'));

/** A mode without Receivers: every webhook path is unknown (404). */
export const NO_RECEIVERS: ReceiverServing = {
  index: () => EMPTY_RECEIVER_INDEX,
  targets: { read: nowhere, list: nowhere, annotate: nowhere },
};
