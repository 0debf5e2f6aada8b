import type { FluxEvent } from '../api/event.js';
import { compareGoStrings, goJsonString } from './go-json-string.js';
import { goToLower } from './go-to-lower.js';

export interface SlackPayloadOptions {
  readonly channel?: string;
  readonly username?: string;
}

/**
 * Flux's Slack message (`internal/notifier/slack.go`), byte for byte as its `json.Marshal`
 * writes it: `channel` (the spec's, else ""), `username` (the spec's, else the reporting
 * controller), `icon_url` and `icon_emoji` always sent empty, then one attachment: `fallback`
 * (the author and the message's first line, as Flux v1.9 sends it, for clients that show no
 * attachments), `color` (`danger` for errors, `good` otherwise), `author_name`
 * (`<lower kind>/<name>.<namespace>`), `text`, `mrkdwn_in: ["text"]` and one `fields` entry
 * per metadata key (`short: false`, `[]` when there is none). Go's string escaping, no
 * whitespace.
 *
 * Flux ranges over a Go map for the fields, so their order changes from message to message;
 * Herald sends them in Go's key order, one of the orders Flux can send.
 */
export function encodeSlackPayload(event: FluxEvent, options: SlackPayloadOptions): Buffer {
  const { kind, name, namespace } = event.involvedObject;
  const username =
    options.username === undefined || options.username === ''
      ? event.reportingController
      : options.username;
  const metadata = event.metadata ?? {};
  const fields = Object.keys(metadata)
    .sort(compareGoStrings)
    .map(
      (key) =>
        `{"title":${goJsonString(key)},"value":${goJsonString(metadata[key] ?? '')},"short":false}`,
    );
  const author = `${goToLower(kind)}/${name}.${namespace}`;
  const firstLine = event.message.split('\n', 1)[0] ?? '';
  const attachment = [
    `"fallback":${goJsonString(`${author}: ${firstLine}`)}`,
    `"color":${event.severity === 'error' ? '"danger"' : '"good"'}`,
    `"author_name":${goJsonString(author)}`,
    `"text":${goJsonString(event.message)}`,
    `"mrkdwn_in":["text"]`,
    `"fields":[${fields.join(',')}]`,
  ];
  const payload = [
    `"channel":${goJsonString(options.channel ?? '')}`,
    `"username":${goJsonString(username)}`,
    `"icon_url":""`,
    `"icon_emoji":""`,
    `"attachments":[{${attachment.join(',')}}]`,
  ];
  return Buffer.from(`{${payload.join(',')}}`, 'utf8');
}
