import type { FluxEvent } from '../api/event.js';
import { fluxObjectName } from './flux-object-name.js';
import { compareGoStrings } from './go-json-string.js';

/**
 * Flux's Webex message (`CreateMarkdown` in `internal/notifier/webex.go`): a line with ✅ (💣
 * for errors) and the object name in bold, the message on its own line, then a quoted
 * `>**key**: value` line per metadata key, each line ending in a line break.
 *
 * Flux ranges over a Go map for the metadata; Herald writes it in Go's key order, one of the
 * orders Flux can write.
 */
export function webexMarkdown(event: FluxEvent): string {
  const emoji = event.severity === 'error' ? '💣' : '✅';
  const metadata = event.metadata ?? {};
  const lines = [
    `${emoji} **${fluxObjectName(event.involvedObject)}**`,
    event.message,
    ...Object.keys(metadata)
      .sort(compareGoStrings)
      .map((key) => `>**${key}**: ${metadata[key] ?? ''}`),
  ];
  return lines.map((line) => `${line}\n`).join('');
}
