import { parse } from 'yaml';

/**
 * The `headers` key of a Provider's Secret: a YAML map of header names to values. Scalars other
 * than strings (`X-Retries: 3`) are taken as their text. `undefined` when the text is no such
 * map; the parser's own message is dropped because it may quote the text, credentials included.
 */
export function parseSecretHeaders(text: string): Record<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch {
    return undefined;
  }
  if (parsed === undefined || parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      return undefined;
    }
    headers.set(name, String(value));
  }
  return Object.fromEntries(headers);
}
