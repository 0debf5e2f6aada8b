import { createHash } from 'node:crypto';
import { WEBHOOK_PATH_PREFIX } from '../api/receiver.js';

/**
 * Flux's webhook path: `/hook/` and the hex SHA-256 of token, name and namespace, concatenated.
 * The token makes it unguessable; name and namespace make it unique per Receiver.
 */
export function webhookPath(token: string, name: string, namespace: string): string {
  const digest = createHash('sha256')
    .update(token + name + namespace)
    .digest('hex');
  return `${WEBHOOK_PATH_PREFIX}${digest}`;
}
