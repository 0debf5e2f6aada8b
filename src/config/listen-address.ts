/** A Go-style listen address: `:9090` (all interfaces), `127.0.0.1:0`, `[::1]:9090`. */
export interface ListenAddress {
  /** Undefined means every interface, as Go's `:9090`. */
  host: string | undefined;
  port: number;
}

export function parseListenAddress(text: string): ListenAddress {
  const colon = text.lastIndexOf(':');
  if (colon === -1) throw new Error(`"${text}" is not host:port (e.g. :9090 or 127.0.0.1:9090)`);
  let host = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65_535) {
    throw new Error(`"${text}" has no valid port (0-65535)`);
  }
  return { host: host === '' ? undefined : host, port: Number(portText) };
}

export function formatListenAddress(address: ListenAddress): string {
  const host = address.host ?? '';
  return `${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}
