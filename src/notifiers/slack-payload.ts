import type { FluxEvent } from '../api/event.js';

export interface SlackField {
  readonly title: string;
  readonly value: string;
  readonly short: false;
}

export interface SlackAttachment {
  /** Plain-text summary for clients that cannot show attachments (notifications, IRC). */
  readonly fallback: string;
  readonly color: 'good' | 'danger';
  readonly author_name: string;
  readonly text: string;
  readonly mrkdwn_in: readonly ['text'];
  readonly fields: readonly SlackField[];
}

export interface SlackPayload {
  readonly channel?: string;
  readonly username: string;
  readonly attachments: readonly [SlackAttachment];
}

export interface SlackPayloadOptions {
  readonly channel?: string;
  readonly username?: string;
}

/**
 * Flux's Slack message (`internal/notifier/slack.go`): the spec's username, else the reporting
 * controller; one attachment coloured `danger` for errors, `good` otherwise, authored by
 * `<lower kind>/<name>.<namespace>`, one field per metadata entry.
 *
 * Where we differ, on purpose: fields are sorted by key (Flux ranges over a Go map, so its
 * order changes from message to message); `fallback` is added (Flux sends none, Slack asks for
 * it); empty `channel`, `icon_url` and `icon_emoji` are left out instead of sent as "".
 */
export function buildSlackPayload(event: FluxEvent, options: SlackPayloadOptions): SlackPayload {
  const { kind, name, namespace } = event.involvedObject;
  const author = `${kind.toLowerCase()}/${name}.${namespace}`;
  const fields = Object.entries(event.metadata ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([title, value]): SlackField => ({ title, value, short: false }));
  const attachment: SlackAttachment = {
    fallback: `${author}: ${event.message}`,
    color: event.severity === 'error' ? 'danger' : 'good',
    author_name: author,
    text: event.message,
    mrkdwn_in: ['text'],
    fields,
  };
  return {
    ...(options.channel === undefined || options.channel === ''
      ? {}
      : { channel: options.channel }),
    username:
      options.username === undefined || options.username === ''
        ? event.reportingController
        : options.username,
    attachments: [attachment],
  };
}
