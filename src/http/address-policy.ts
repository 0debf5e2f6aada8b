import { BlockList, isIP } from 'node:net';

/** The flag that lets Providers reach the addresses below. */
export const ALLOW_LINK_LOCAL_FLAG = '--allow-link-local-providers';

/** How messages call a refused address. */
export const REFUSED_ADDRESS = 'a link-local or cloud metadata address';

/**
 * Addresses a Provider may not reach unless the flag allows it: link-local ranges, where every
 * major cloud serves instance metadata and credentials, and the metadata servers outside them.
 * Loopback and private ranges (RFC 1918, IPv6 ULA) stay allowed: in-cluster webhooks live there.
 */
const REFUSED_ADDRESSES = new BlockList();
// IPv4 link-local (RFC 3927): 169.254.169.254 on AWS, GCP, Azure, OpenStack; 169.254.170.2 (ECS).
REFUSED_ADDRESSES.addSubnet('169.254.0.0', 16, 'ipv4');
// IPv6 link-local (RFC 4291).
REFUSED_ADDRESSES.addSubnet('fe80::', 10, 'ipv6');
// 169.254.0.0/16 reached through the NAT64 well-known prefix (RFC 6052).
REFUSED_ADDRESSES.addSubnet('64:ff9b::a9fe:0', 112, 'ipv6');
// Metadata servers at addresses of their own: AWS's over IPv6, GCP's over IPv6, Alibaba Cloud's.
REFUSED_ADDRESSES.addAddress('fd00:ec2::254', 'ipv6');
REFUSED_ADDRESSES.addAddress('fd20:ce::254', 'ipv6');
REFUSED_ADDRESSES.addAddress('100.100.100.200', 'ipv4');

/**
 * Names of metadata servers. Only fully qualified ones: a bare `metadata` may be a Service of
 * the Provider's namespace, and where it resolves to a metadata server the connect-time check
 * refuses it anyway.
 */
const METADATA_HOSTNAMES: ReadonlySet<string> = new Set([
  'metadata.google.internal',
  'metadata.goog',
]);

/** Whether an IP address (v4, v6, or v4-mapped v6) is one Providers may not reach. */
export function isRefusedAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  return REFUSED_ADDRESSES.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * What a URL's host is when it may not be reached (`169.254.169.254, a link-local or cloud
 * metadata address`), or undefined. `hostname` is as WHATWG URL gives it: lower-case, IPv6 in
 * brackets, IPv4 in dotted form however it was written.
 */
export function refusedHostReason(hostname: string): string | undefined {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isRefusedAddress(host)) return `${host}, ${REFUSED_ADDRESS}`;
  const name = host.toLowerCase().replace(/\.$/, '');
  if (METADATA_HOSTNAMES.has(name)) return `${name}, a cloud metadata server`;
  return undefined;
}

/** A refusal, naming what was refused and the flag that would allow it. */
export function addressNotAllowedMessage(what: string): string {
  return `${what}, refused without ${ALLOW_LINK_LOCAL_FLAG}`;
}
