import { DeliveryError } from '../http/delivery-error.js';
import { maskSecrets } from '../http/redact.js';
import { formatRfc3339Seconds } from './event-time.js';
import type { ItemErrors } from './loki-batcher.js';
import type { LokiEntry } from './loki-entry.js';
import { lokiPushOutcomes } from './loki-push-outcome.js';
import { parseLokiRejections, type LokiRefusal } from './loki-rejection.js';

export interface PushDescription {
  /** The push URL, already masked, to name in messages. */
  readonly maskedUrl: string;
  /** Masked out of Loki's own words before they go into a message. */
  readonly secrets: readonly (string | undefined)[];
}

/**
 * Loki answers 400 to a push in which it refused some entries, and stores the others. When its
 * answer says which it refused, each entry gets its own outcome: undefined (stored), an error
 * saying why Loki refused it, or `error` itself where the answer does not tell. Returns
 * undefined when `error` is no such answer: then it stands for every entry.
 */
export function partialRefusal(
  error: unknown,
  entries: readonly LokiEntry[],
  push: PushDescription,
): ItemErrors | undefined {
  if (!(error instanceof DeliveryError) || error.status !== 400) return undefined;
  const body = error.responseBody;
  const answer = body === undefined ? undefined : parseLokiRejections(body.toString('utf8'));
  const outcomes = answer === undefined ? undefined : lokiPushOutcomes(entries, answer);
  if (outcomes === undefined) return undefined;
  const stored = outcomes.filter((outcome) => outcome.kind === 'stored').length;
  return outcomes.map((outcome, index) => {
    if (outcome.kind === 'stored') return undefined;
    if (outcome.kind === 'unknown') return error;
    const why = describeRefusal(outcome.refusal, BigInt(entries[index]?.timestampNs ?? '0'));
    const message = `POST ${push.maskedUrl} was rejected in part: ${why}; Loki stored ${stored} other event(s) of the push`;
    return new DeliveryError('HERALD_DELIVERY_REJECTED', maskSecrets(message, push.secrets), {
      status: error.status,
      attempts: error.attempts,
    });
  });
}

function describeRefusal(refusal: LokiRefusal, timeNs: bigint): string {
  const eventTime = `the event is from ${secondsText(timeNs)}`;
  switch (refusal.kind) {
    case 'too-old': {
      const oldest =
        refusal.oldestAcceptableNs === undefined
          ? ''
          : `, the oldest Loki accepts is ${secondsText(refusal.oldestAcceptableNs)}`;
      return `Loki refused this event as older than it accepts (${eventTime}${oldest}; Loki's reject_old_samples_max_age)`;
    }
    case 'too-new':
      return `Loki refused this event as newer than it accepts (${eventTime}; Loki's creation_grace_period)`;
    case 'ingester':
      return `Loki refused this event: ${refusal.reason} (${eventTime})`;
  }
}

function secondsText(timeNs: bigint): string {
  return formatRfc3339Seconds({ epochSeconds: Number(timeNs / 1_000_000_000n), nanos: 0 });
}
