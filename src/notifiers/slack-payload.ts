import type { FluxEvent } from '../api/event.js';
import { fluxObjectName } from './flux-object-name.js';
import { compareGoStrings, goJsonString } from './go-json-string.js';
import type { ProviderTarget } from './notifier.js';

export interface SlackPayloadOptions {
  readonly channel?: string;
  readonly username?: string;
  /** The parent message a reply goes under (`thread_ts`, after the attachments). */
  readonly threadTs?: string;
}

/** The spec's channel and username, as a Slack-shaped payload takes them. */
export function slackPayloadOptionsOf(
  target: Pick<ProviderTarget, 'channel' | 'username'>,
): SlackPayloadOptions {
  return {
    ...(target.channel === undefined ? {} : { channel: target.channel }),
    ...(target.username === undefined ? {} : { username: target.username }),
  };
}

/**
 * Flux fills its Slack message struct in three notifiers, each its own way: Slack (with a
 * `fallback`), Discord (through Discord's Slack-compatible endpoint) and Rocket.Chat (its own
 * colours, and no username unless the spec has one).
 */
export type SlackFlavour = 'slack' | 'discord' | 'rocket';

interface FlavourRules {
  /** Whether the attachment opens with a `fallback` (Flux's Slack notifier only sets one). */
  readonly fallback: boolean;
  readonly colors: { readonly info: string; readonly error: string };
  /** Whether the username falls back to the reporting controller when the spec has none. */
  readonly usernameFromController: boolean;
}

const SLACK_COLORS = { info: 'good', error: 'danger' } as const;

const FLAVOURS: Readonly<Record<SlackFlavour, FlavourRules>> = {
  slack: { fallback: true, colors: SLACK_COLORS, usernameFromController: true },
  discord: { fallback: false, colors: SLACK_COLORS, usernameFromController: true },
  rocket: {
    fallback: false,
    colors: { info: '#0076D7', error: '#FF0000' },
    usernameFromController: false,
  },
};

/**
 * Flux's Slack message (`internal/notifier/slack.go`), byte for byte as its `json.Marshal`
 * writes it: `channel` (the spec's, else ""), `username` (the spec's, else the reporting
 * controller), `icon_url` and `icon_emoji` always sent empty, then one attachment: `fallback`
 * (the author and the message's first line, as Flux v1.9 sends it, for clients that show no
 * attachments), `color` (`danger` for errors, `good` otherwise), `author_name`
 * (`<lower kind>/<name>.<namespace>`), `text`, `mrkdwn_in: ["text"]` and one `fields` entry
 * per metadata key (`short: false`, `[]` when there is none). Go's string escaping, no
 * whitespace. Discord and Rocket.Chat get the same struct as their notifiers fill it (see
 * {@link SlackFlavour}).
 *
 * Flux ranges over a Go map for the fields, so their order changes from message to message;
 * Herald sends them in Go's key order, one of the orders Flux can send.
 *
 * A threaded reply (Herald's `spec.threading`) is that payload with `thread_ts` last.
 */
export function encodeSlackPayload(
  event: FluxEvent,
  options: SlackPayloadOptions,
  flavour: SlackFlavour = 'slack',
): Buffer {
  const rules = FLAVOURS[flavour];
  const username =
    options.username === undefined || options.username === ''
      ? rules.usernameFromController
        ? event.reportingController
        : ''
      : options.username;
  const payload = [
    `"channel":${goJsonString(options.channel ?? '')}`,
    `"username":${goJsonString(username)}`,
    `"icon_url":""`,
    `"icon_emoji":""`,
    `"attachments":[${encodeSlackAttachment(event, flavour)}]`,
    // Herald's threads only: Flux has no threads.
    ...(options.threadTs === undefined ? [] : [`"thread_ts":${goJsonString(options.threadTs)}`]),
  ];
  return Buffer.from(`{${payload.join(',')}}`, 'utf8');
}

/** The one attachment of {@link encodeSlackPayload}, as JSON: the event as `flavour` shows it. */
export function encodeSlackAttachment(event: FluxEvent, flavour: SlackFlavour = 'slack'): string {
  const rules = FLAVOURS[flavour];
  const metadata = event.metadata ?? {};
  const fields = Object.keys(metadata)
    .sort(compareGoStrings)
    .map(
      (key) =>
        `{"title":${goJsonString(key)},"value":${goJsonString(metadata[key] ?? '')},"short":false}`,
    );
  const author = fluxObjectName(event.involvedObject);
  const firstLine = event.message.split('\n', 1)[0] ?? '';
  const color = event.severity === 'error' ? rules.colors.error : rules.colors.info;
  const attachment = [
    ...(rules.fallback ? [`"fallback":${goJsonString(`${author}: ${firstLine}`)}`] : []),
    `"color":${goJsonString(color)}`,
    `"author_name":${goJsonString(author)}`,
    `"text":${goJsonString(event.message)}`,
    `"mrkdwn_in":["text"]`,
    `"fields":[${fields.join(',')}]`,
  ];
  return `{${attachment.join(',')}}`;
}
