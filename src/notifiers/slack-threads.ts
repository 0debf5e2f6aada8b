import { involvedObjectKey, type FluxEvent } from '../api/event.js';
import type { Clock } from '../clock/clock.js';
import type { JsonPoster } from '../http/post-json.js';
import type { SlackThread } from '../threads/slack-thread.js';
import type { ThreadStore } from '../threads/thread-store.js';
import type { DeliverOne } from './closable-notifier.js';
import { createKeyedTurns } from './keyed-turns.js';
import type { DeliveryContext, ProviderTarget } from './notifier.js';
import { readSlackAnswer, slackRefusalOf } from './slack-answer.js';
import { encodeSlackPayload, type SlackPayloadOptions } from './slack-payload.js';
import { encodeParentUpdate } from './slack-thread-parent.js';
import type { SlackThreading } from './slack-threading.js';

/**
 * Slack's refusals saying the parent is gone or can no longer be edited (deleted, edited by
 * another app, the workspace's edit window closed): the object gets a new thread.
 */
const PARENT_GONE = new Set([
  'thread_not_found',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
]);

export interface SlackThreadOptions {
  readonly target: ProviderTarget;
  readonly threading: SlackThreading;
  /** The Provider's one client, validating `ok: false` answers. */
  readonly poster: JsonPoster;
  /** The bearer token. */
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: SlackPayloadOptions;
  readonly store: ThreadStore;
  readonly clock: Pick<Clock, 'now'>;
}

/**
 * Delivers into one thread per object (or the Alert's group): the first notification is posted
 * as it would be without threads and becomes the parent; each later one first redraws the
 * parent with `chat.update` (the latest state, see slack-thread-parent.ts), then replies under
 * it. Updating first means a failed update fails the delivery before anything was posted, so a
 * retry posts no reply twice. A parent that is gone starts a new thread with this notification.
 * One notification per thread at a time, so a burst does not open two threads.
 */
export function createSlackThreadDelivery(options: SlackThreadOptions): DeliverOne {
  const { target, poster, headers, payload, store, clock } = options;
  const { expiryMs } = options.threading;
  const updateUrl = new URL('chat.update', target.address).toString();
  const inTurn = createKeyedTurns();

  /** The answer's channel and ts; 'gone' when a reply's parent is. */
  const postMessage = async (event: FluxEvent, signal: AbortSignal, threadTs?: string) => {
    const body = encodeSlackPayload(event, { ...payload, ...(threadTs && { threadTs }) });
    try {
      const receipt = await poster.post({ url: target.address, body, headers }, signal);
      return readSlackAnswer(receipt.body);
    } catch (error) {
      if (threadTs !== undefined && isParentGone(error)) return 'gone';
      throw error;
    }
  };
  /** False when the parent is gone. */
  const updateParent = async (thread: SlackThread, event: FluxEvent, signal: AbortSignal) => {
    const body = encodeParentUpdate(thread, event);
    try {
      await poster.post({ url: updateUrl, body, headers }, signal);
      return true;
    } catch (error) {
      if (isParentGone(error)) return false;
      throw error;
    }
  };
  /** The thread once `event` is posted to it. */
  const posted = (
    thread: Omit<SlackThread, 'lastPostedAtMs' | 'expiresAtMs'>,
    event: FluxEvent,
  ): SlackThread => {
    const nowMs = clock.now();
    return {
      ...thread,
      notifications: thread.notifications + 1,
      failed: thread.failed || event.severity === 'error',
      lastPostedAtMs: nowMs,
      expiresAtMs: nowMs + expiryMs,
    };
  };

  return (event, signal, context) => {
    const key = threadKey(target, event, context);
    return inTurn(key, async () => {
      const thread = await store.find(key);
      if (thread !== undefined) {
        const next = posted(thread, event);
        if (
          (await updateParent(next, event, signal)) &&
          (await postMessage(event, signal, thread.ts)) !== 'gone'
        ) {
          await store.save(key, next);
          return;
        }
      }
      const answer = await postMessage(event, signal);
      // An answer without them (a proxy's own 200) leaves nothing to reply to: no thread.
      if (answer === 'gone' || answer?.channel === undefined || answer.ts === undefined) return;
      const parent = { channel: answer.channel, ts: answer.ts, notifications: 0, failed: false };
      await store.save(key, posted(parent, event));
    });
  };
}

/**
 * The store key of an event's thread: the Provider and its channel (a thread lives in one
 * channel), then the Alert's group key or the involved object.
 */
function threadKey(target: ProviderTarget, event: FluxEvent, context: DeliveryContext): string {
  const group = context.threadKey ?? involvedObjectKey(event.involvedObject);
  return JSON.stringify([target.namespace, target.name, target.channel ?? '', group]);
}

function isParentGone(error: unknown): boolean {
  const refusal = slackRefusalOf(error);
  return refusal !== undefined && PARENT_GONE.has(refusal);
}
