import { createNatsNotifier } from '../notifiers/nats.js';
import { NATS_DEFAULT_MAX_PAYLOAD_BYTES } from '../notifiers/nats-payload.js';
import { parseNatsAddress } from '../notifiers/nats-servers.js';
import type { ProviderDescriptor } from './provider-descriptor.js';

export const NATS_PROVIDER: ProviderDescriptor = {
  type: 'nats',
  class: 'other',
  checkCredentials: ({ channel, username, password }, _secret, named) => {
    if (channel === undefined || channel === '')
      return 'NATS publishes to the subject in spec.channel: none is set';
    // As Flux, username and password go together; either alone would be ignored.
    if (password !== undefined && password !== '' && (username === undefined || username === ''))
      return `${named} has 'password' but no 'username'`;
    return undefined;
  },
  readAddress: (address) => {
    const read = parseNatsAddress(address);
    return 'invalid' in read ? read : { hosts: read.servers.map((server) => server.hostname) };
  },
  // The server says its own max_payload when the client connects; this is nats-server's default.
  messageLimit: {
    max: NATS_DEFAULT_MAX_PAYLOAD_BYTES,
    unit: 'bytes',
    of: "the published event JSON (the server's own max_payload when it says one)",
  },
  rateLimits: 'none in NATS; one connection per event, nothing retried (as Flux)',
  readme: {
    delivers:
      "the event JSON (as `generic`) published to the subject in `channel` on the servers in `address` (`nats://` or `tls://`, comma-separated), one connection per event; the server's refusals (credentials, permissions, size) fail the delivery",
    credentials:
      '`username` + `password`, or userinfo in `address` (`user:password@`, `token@`), or `token` (Herald only); no proxy or `certSecretRef`, as Flux',
  },
  createNotifier: createNatsNotifier,
};
