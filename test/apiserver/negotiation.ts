import { apiErrors } from './status-errors.js';

/** What a response body is: the object itself, or one of the meta.k8s.io transformations. */
export type OutputFormat =
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'table'; apiVersion: string }
  | { kind: 'partial'; apiVersion: string };

const SERVED_MEDIA_TYPES = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
];

interface MediaRange {
  type: string;
  params: Map<string, string>;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [type = '', ...rest] = part.split(';').map((p) => p.trim());
      const params = new Map<string, string>();
      for (const p of rest) {
        const eq = p.indexOf('=');
        if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim());
      }
      return { type: type.toLowerCase(), params };
    });
}

/**
 * Picks the first Accept entry this server can produce, as the real server's negotiation does.
 * `as=Table` (and PartialObjectMetadata) apply only where a resource is read.
 */
export function negotiateOutput(accept: string | undefined, transformable: boolean): OutputFormat {
  if (!accept) return { kind: 'json' };
  for (const range of parseAccept(accept)) {
    const as = range.params.get('as');
    const group = range.params.get('g');
    const version = range.params.get('v') ?? 'v1';
    const isJson =
      range.type === 'application/json' || range.type === '*/*' || range.type === 'application/*';
    if (as) {
      if (
        !transformable ||
        !isJson ||
        group !== 'meta.k8s.io' ||
        (version !== 'v1' && version !== 'v1beta1')
      )
        continue;
      const apiVersion = `meta.k8s.io/${version}`;
      if (as === 'Table') return { kind: 'table', apiVersion };
      if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList')
        return { kind: 'partial', apiVersion };
      continue;
    }
    if (isJson) return { kind: 'json' };
    if (range.type === 'application/yaml') return { kind: 'yaml' };
  }
  throw apiErrors.notAcceptable(SERVED_MEDIA_TYPES);
}
