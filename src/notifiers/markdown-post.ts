import type { FluxEvent } from '../api/event.js';
import { compareGoStrings } from './go-json-string.js';

/**
 * Flux's Markdown post (`formatMarkdownPost` in `internal/notifier/markdown.go`, used by
 * Zulip): a `## Flux Status` heading, the emoji (`⚠️` for errors, `ℹ️` otherwise) with
 * `<Kind>/<namespace>/<name>`, the message, then `Metadata:` and one ``* `key`: value`` line
 * per metadata key in Go's sorted order.
 */
export function formatMarkdownPost(event: FluxEvent, message = event.message): string {
  const { kind, name, namespace } = event.involvedObject;
  const emoji = event.severity === 'error' ? '⚠️' : 'ℹ️';
  const metadata = event.metadata ?? {};
  const lines = Object.keys(metadata)
    .sort(compareGoStrings)
    .map((key) => `* \`${key}\`: ${metadata[key] ?? ''}\n`)
    .join('');
  return `## Flux Status\n\n${emoji} ${kind}/${namespace}/${name}\n\n${message}\n\nMetadata:\n${lines}`;
}
