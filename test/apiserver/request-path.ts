/** Where a request goes, from its URL path alone (the real server's RequestInfo). */
export type Route =
  | { kind: 'root' }
  | { kind: 'core-versions' }
  | { kind: 'group-list' }
  | { kind: 'group'; group: string }
  | { kind: 'resource-list'; group: string; version: string }
  | { kind: 'resource'; target: ResourceTarget }
  | { kind: 'version' }
  | { kind: 'health'; check: string }
  | { kind: 'openapi-v3-index' }
  | { kind: 'openapi-v3'; group: string; version: string }
  | { kind: 'unknown' };

export interface ResourceTarget {
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The deprecated `/watch/` path prefix. */
  legacyWatch: boolean;
}

function decodeSegments(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
}

function resourceRoute(group: string, version: string, rest: string[]): Route {
  let legacyWatch = false;
  let parts = rest;
  if (parts[0] === 'watch') {
    legacyWatch = true;
    parts = parts.slice(1);
  }
  const [first, second, third, fourth, fifth] = parts;
  if (!first) return { kind: 'resource-list', group, version };
  const target = (t: Omit<ResourceTarget, 'group' | 'version' | 'legacyWatch'>): Route => ({
    kind: 'resource',
    target: { group, version, legacyWatch, ...t },
  });
  // /namespaces/{ns}/{resource}/... unless it is the namespace itself or one of its subresources.
  if (
    first === 'namespaces' &&
    second !== undefined &&
    third !== undefined &&
    third !== 'status' &&
    third !== 'finalize'
  ) {
    if (parts.length > 5) return { kind: 'unknown' };
    return target({
      namespace: second,
      resource: third,
      ...(fourth !== undefined ? { name: fourth } : {}),
      ...(fifth !== undefined ? { subresource: fifth } : {}),
    });
  }
  if (parts.length > 3) return { kind: 'unknown' };
  return target({
    resource: first,
    ...(second !== undefined ? { name: second } : {}),
    ...(third !== undefined ? { subresource: third } : {}),
  });
}

export function routeOf(pathname: string): Route {
  const segments = decodeSegments(pathname);
  const [head, a, b, ...rest] = segments;
  switch (head) {
    case undefined:
      return { kind: 'root' };
    case 'api':
      if (a === undefined) return { kind: 'core-versions' };
      return resourceRoute('', a, b === undefined ? rest : [b, ...rest]);
    case 'apis':
      if (a === undefined) return { kind: 'group-list' };
      if (b === undefined) return { kind: 'group', group: a };
      return resourceRoute(a, b, rest);
    case 'version':
      return segments.length === 1 ? { kind: 'version' } : { kind: 'unknown' };
    case 'healthz':
    case 'readyz':
    case 'livez':
      return { kind: 'health', check: segments.join('/') };
    case 'openapi':
      if (a !== 'v3') return { kind: 'unknown' };
      if (b === undefined) return { kind: 'openapi-v3-index' };
      if (b === 'api' && rest.length === 1)
        return { kind: 'openapi-v3', group: '', version: rest[0] ?? '' };
      if (b === 'apis' && rest.length === 2)
        return { kind: 'openapi-v3', group: rest[0] ?? '', version: rest[1] ?? '' };
      return { kind: 'unknown' };
    default:
      return { kind: 'unknown' };
  }
}
