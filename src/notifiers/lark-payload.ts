import type { FluxEvent } from '../api/event.js';
import type { MessageLimit } from '../providers/provider-descriptor.js';
import { fitMessage } from './fit-message.js';
import { compareGoStrings, goJsonString } from './go-json-string.js';
import { goToLower } from './go-to-lower.js';

/**
 * Flux's Lark card (`internal/notifier/lark.go`), byte for byte as its `json.Marshal` writes
 * it: `msg_type: "interactive"`, a wide-screen card whose plain-text header is the emoji
 * (`💫`, `🚨` for errors) and `<lower kind>/<name>.<namespace>`, its template `turquoise` (`red`
 * for errors), and one `lark_md` div: the message in bold, a blank line, then `key: value` per
 * metadata key (Go's key order; Flux ranges over a map). The message is cut so that the whole
 * body fits `limit` (bytes).
 */
export function encodeLarkPayload(
  event: FluxEvent,
  limit: Pick<MessageLimit, 'max' | 'unit'>,
): Buffer {
  const { kind, name, namespace } = event.involvedObject;
  const error = event.severity === 'error';
  const title = `${error ? '🚨' : '💫'} ${goToLower(kind)}/${name}.${namespace}`;
  const metadata = event.metadata ?? {};
  const lines = Object.keys(metadata)
    .sort(compareGoStrings)
    .map((key) => `${key}: ${metadata[key] ?? ''}\n`)
    .join('');
  const encode = (message: string) =>
    Buffer.from(
      `{"msg_type":"interactive","card":{"config":{"wide_screen_mode":true},` +
        `"header":{"title":{"tag":"plain_text","content":${goJsonString(title)}},` +
        `"template":${error ? '"red"' : '"turquoise"'}},` +
        `"elements":[{"tag":"div","text":{"tag":"lark_md",` +
        `"content":${goJsonString(`**${message}**\n\n${lines}`)}}}]}}`,
      'utf8',
    );
  return encode(fitMessage(event.message, limit, (cut) => encode(cut).length));
}
