import type { FluxEvent } from '../api/event.js';
import type { SlackThread } from '../threads/slack-thread.js';
import { fluxObjectName } from './flux-object-name.js';
import { goJsonString } from './go-json-string.js';
import { encodeSlackAttachment } from './slack-payload.js';

/** The latest state of a thread's object, in a word: an info after an error is a recovery. */
export type ThreadState = 'Failed' | 'Recovered' | 'Info';

export function threadStateOf(thread: Pick<SlackThread, 'failed'>, latest: FluxEvent): ThreadState {
  if (latest.severity === 'error') return 'Failed';
  return thread.failed ? 'Recovered' : 'Info';
}

/**
 * The line the parent message opens with once its thread has replies:
 * `*Failed* · kustomization/apps.flux-system · 3 notifications`.
 */
export function threadSummary(thread: SlackThread, latest: FluxEvent): string {
  const state = threadStateOf(thread, latest);
  return `*${state}* · ${fluxObjectName(latest.involvedObject)} · ${String(thread.notifications)} notifications`;
}

/**
 * `chat.update`'s body (https://api.slack.com/methods/chat.update) redrawing the parent with
 * the latest event: the summary line as `text`, and the event's attachment as Flux's Slack
 * notifier fills it (its colour turning `danger` or `good` with the state). `channel` is the id
 * Slack answered the parent with: `chat.update` takes no channel names.
 */
export function encodeParentUpdate(thread: SlackThread, latest: FluxEvent): Buffer {
  const fields = [
    `"channel":${goJsonString(thread.channel)}`,
    `"ts":${goJsonString(thread.ts)}`,
    `"text":${goJsonString(threadSummary(thread, latest))}`,
    `"attachments":[${encodeSlackAttachment(latest)}]`,
  ];
  return Buffer.from(`{${fields.join(',')}}`, 'utf8');
}
