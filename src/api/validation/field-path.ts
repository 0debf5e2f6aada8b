const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** The segments of a JSON pointer (`/spec/eventSources/0` → `spec`, `eventSources`, `0`). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** A JSON pointer from segments, escaping `~` and `/`. */
export function toPointer(segments: readonly string[]): string {
  return segments
    .map((segment) => `/${segment.replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');
}

/**
 * The path kubectl users read: `spec.eventSources[0].kind`, with keys that are not plain names
 * quoted (`spec.eventMetadata["app.kubernetes.io/env"]`). Whether a segment indexes an array is
 * taken from the document, as a map may have a key `0`.
 */
export function dottedPath(document: unknown, segments: readonly string[]): string {
  let path = '';
  let node = document;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      path += `[${segment}]`;
      node = node[Number(segment)];
      continue;
    }
    path += IDENTIFIER.test(segment)
      ? `${path === '' ? '' : '.'}${segment}`
      : `[${JSON.stringify(segment)}]`;
    node =
      typeof node === 'object' && node !== null
        ? (node as Record<string, unknown>)[segment]
        : undefined;
  }
  return path;
}
