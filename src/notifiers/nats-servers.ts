/** nats-server's client port, which a server URL without one means. */
export const NATS_DEFAULT_PORT = 4222;
const NATS_SCHEMES: ReadonlySet<string> = new Set(['nats:', 'tls:']);

/** One server of a NATS address, as the client dials it. */
export interface NatsServer {
  /** `host:port` (IPv6 in brackets), without scheme or credentials. */
  readonly hostPort: string;
  /** The host alone (IPv6 without brackets), for the address policy. */
  readonly hostname: string;
  /** `tls://`: the connection must be TLS. */
  readonly tls: boolean;
  /** Credentials of the URL's userinfo: `user:password`, or a token alone. */
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
}

export type NatsAddress =
  { readonly servers: readonly NatsServer[] } | { readonly invalid: string };

/**
 * Reads a NATS address as nats.go's `Connect` does, which Flux hands it to: a comma-separated
 * list of server URLs, each `nats://` or `tls://` (none means `nats://`), port 4222 unless
 * given, and credentials in the userinfo (`user:password@`, or `token@`). The reason it cannot
 * be used names no credential.
 */
export function parseNatsAddress(address: string): NatsAddress {
  const servers: NatsServer[] = [];
  for (const entry of address.split(',')) {
    const text = entry.trim();
    if (text === '') return { invalid: 'has an empty server in its list' };
    let url: URL;
    try {
      url = new URL(text.includes('://') ? text : `nats://${text}`);
    } catch {
      return { invalid: 'is not a NATS server URL (nats://host:port, comma-separated)' };
    }
    if (!NATS_SCHEMES.has(url.protocol)) {
      return { invalid: `uses ${url.protocol}//, where NATS takes nats:// or tls://` };
    }
    if (url.hostname === '') return { invalid: 'has a server URL without a host' };
    const port = url.port === '' ? NATS_DEFAULT_PORT : Number(url.port);
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    servers.push({
      hostPort: `${url.hostname}:${String(port)}`,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      tls: url.protocol === 'tls:',
      ...(user === '' ? {} : pass === '' ? { token: user } : { user, pass }),
    });
  }
  return { servers };
}
