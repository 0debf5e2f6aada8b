import type { FluxEvent } from '../api/event.js';
import { fluxObjectName } from './flux-object-name.js';
import { compareGoStrings, goJsonString } from './go-json-string.js';

/**
 * Flux's Google Chat card (`internal/notifier/google_chat.go`), byte for byte as its
 * `json.Marshal` writes `GoogleChatPayload`: one card whose header is the object name over the
 * reporting controller, a section with the message as a text paragraph (in red
 * `<font color="#ff0000">` for errors), and, when the event has metadata, a section of one
 * multi-line key/value widget per key. Flux's structs have no `omitempty`: unset pointers are
 * sent as `null` and section headers as "".
 *
 * Flux ranges over a Go map for the metadata; Herald sends it in Go's key order, one of the
 * orders Flux can send.
 */
export function encodeGoogleChatPayload(event: FluxEvent): Buffer {
  const text =
    event.severity === 'error' ? `<font color="#ff0000">${event.message}</font>` : event.message;
  const sections = [section([`{"textParagraph":{"text":${goJsonString(text)}},"keyValue":null}`])];
  const metadata = event.metadata ?? {};
  const keys = Object.keys(metadata).sort(compareGoStrings);
  if (keys.length > 0) {
    sections.push(
      section(
        keys.map(
          (key) =>
            `{"textParagraph":null,"keyValue":{"topLabel":${goJsonString(key)},` +
            `"content":${goJsonString(metadata[key] ?? '')},"contentMultiline":true,` +
            '"bottomLabel":null,"icon":null}}',
        ),
      ),
    );
  }
  const header =
    `{"title":${goJsonString(fluxObjectName(event.involvedObject))},` +
    `"subtitle":${goJsonString(event.reportingController)},"imageUrl":null,"imageStyle":null}`;
  return Buffer.from(`{"cards":[{"header":${header},"sections":[${sections.join(',')}]}]}`, 'utf8');
}

function section(widgets: readonly string[]): string {
  return `{"header":"","widgets":[${widgets.join(',')}]}`;
}
