import { compareGoStrings } from './go-json-string.js';

/** UTF-16 halves without their other half: no Go string holds one (its JSON decoder wrote U+FFFD). */
const LONE_SURROGATE_PATTERN =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** What `encodeURIComponent` escapes but a path segment may hold as is (RFC 3986 `pchar`). */
const PATH_SEGMENT_KEEPS: Readonly<Record<string, string>> = {
  '%24': '$',
  '%26': '&',
  '%2B': '+',
  '%2C': ',',
  '%3B': ';',
  '%3D': '=',
  '%3A': ':',
  '%40': '@',
};

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE_PATTERN, '\ufffd');
}

/**
 * One URL path segment: `/`, `?`, `#`, `%` and what else cannot stand in a segment escaped; the
 * characters a segment may hold left as they are, so that a Matrix room ID (`!abc:example.org`)
 * or a Telegram bot token (`123:AA-b_c`) goes out as Flux writes it, unescaped.
 */
export function encodePathSegment(text: string): string {
  return encodeURIComponent(wellFormed(text)).replace(
    /%(24|26|2B|2C|3B|3D|3A|40)/g,
    (escape) => PATH_SEGMENT_KEEPS[escape] ?? escape,
  );
}

/**
 * Go's `url.QueryEscape`: letters, digits and `-_.~` as they are, space as `+`, every other
 * byte as `%XX` (so `*`, `!`, `'`, `(` and `)` too, which `encodeURIComponent` keeps).
 */
function goQueryEscape(text: string): string {
  return encodeURIComponent(wellFormed(text))
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * Go's `url.Values.Encode`: `key=value` pairs joined with `&`, sorted by key (Go's byte order),
 * the values of one key in the order given.
 */
export function goFormEncode(pairs: readonly (readonly [string, string])[]): string {
  return [...pairs]
    .sort(([a], [b]) => compareGoStrings(a, b))
    .map(([key, value]) => `${goQueryEscape(key)}=${goQueryEscape(value)}`)
    .join('&');
}

/**
 * The address with `path` (already encoded) appended to its own path, a trailing slash of the
 * address dropped: the API of a server that may live under a path prefix.
 */
export function urlUnder(address: URL, path: string): string {
  const url = new URL(address.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  return url.href;
}
