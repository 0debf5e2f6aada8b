import type { FluxEvent } from '../api/event.js';
import type { MessageLimit } from '../providers/provider-descriptor.js';
import { fitMessage, sizeIn } from './fit-message.js';
import { compareGoStrings, goJsonString } from './go-json-string.js';
import { goToLower } from './go-to-lower.js';

/** The characters MarkdownV2 reserves (https://core.telegram.org/bots/api#markdownv2-style). */
const MARKDOWN_V2_RESERVED = /[\\.\-_[\]()~>`#+=|{}!*]/g;

/** A backslash before each reserved character, so Telegram shows the text as it is. */
export function escapeMarkdownV2(text: string): string {
  return text.replace(MARKDOWN_V2_RESERVED, '\\$&');
}

/** Where a Telegram message goes: Flux's `channel`, `<chat id>` or `<chat id>:<topic id>`. */
export interface TelegramChat {
  readonly chatId: string;
  /** The forum topic, for supergroups with topics. */
  readonly threadId?: string;
}

/** Flux's reading of `channel`: the part after the first `:` is the topic. */
export function telegramChatOf(channel: string): TelegramChat {
  const colon = channel.indexOf(':');
  return colon === -1
    ? { chatId: channel }
    : { chatId: channel.slice(0, colon), threadId: channel.slice(colon + 1) };
}

/**
 * Flux's Telegram `sendMessage` body (`internal/notifier/telegram.go`), as its `json.Marshal`
 * writes it: `chat_id`, `message_thread_id` (only with a topic), `text` and
 * `parse_mode: "MarkdownV2"`. The text is the bold heading (`💫`, or `🚨` for errors, then
 * `<lower kind>/<name>/<namespace>`), the message, and one `- *key*: value` line per metadata
 * key, everything escaped for MarkdownV2. Flux ranges over a Go map for the metadata; Herald
 * sends Go's key order, one of the orders Flux can send.
 *
 * Telegram counts its limit on the text as shown, escapes and markup left out: the message is
 * cut so that the shown text fits.
 */
export function encodeTelegramPayload(
  event: FluxEvent,
  chat: TelegramChat,
  limit: Pick<MessageLimit, 'max' | 'unit'>,
): Buffer {
  const { kind, name, namespace } = event.involvedObject;
  const emoji = event.severity === 'error' ? '🚨' : '💫';
  const heading = `${emoji} ${goToLower(kind)}/${name}/${namespace}`;
  const metadata = event.metadata ?? {};
  const entries = Object.keys(metadata)
    .sort(compareGoStrings)
    .map((key) => [key, metadata[key] ?? ''] as const);
  const shown = (message: string) =>
    `${heading}\n${message}\n${entries.map(([key, value]) => `- ${key}: ${value}\n`).join('')}`;
  const message = fitMessage(event.message, limit, (cut) => sizeIn(limit.unit, shown(cut)));
  const lines = entries.map(
    ([key, value]) => `\\- *${escapeMarkdownV2(key)}*: ${escapeMarkdownV2(value)}\n`,
  );
  const text = `*${escapeMarkdownV2(heading)}*\n${escapeMarkdownV2(message)}\n${lines.join('')}`;
  const members = [
    `"chat_id":${goJsonString(chat.chatId)}`,
    ...(chat.threadId === undefined || chat.threadId === ''
      ? []
      : [`"message_thread_id":${goJsonString(chat.threadId)}`]),
    `"text":${goJsonString(text)}`,
    `"parse_mode":"MarkdownV2"`,
  ];
  return Buffer.from(`{${members.join(',')}}`, 'utf8');
}
