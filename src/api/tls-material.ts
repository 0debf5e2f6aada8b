import { readSecretString, type Secret } from './secret.js';

/** PEM texts from a Provider's certSecretRef Secret. */
export interface TlsMaterial {
  /** CA bundle to trust instead of the system's. */
  ca?: string;
  /** Client certificate and its key, always together. */
  cert?: string;
  key?: string;
}

/** Flux's earlier key names, deprecated but still honoured. */
const LEGACY_KEYS = { 'ca.crt': 'caFile', 'tls.crt': 'certFile', 'tls.key': 'keyFile' } as const;

/**
 * Reads `ca.crt` (to trust) and `tls.crt` with `tls.key` (to present); the Secret must hold at
 * least one of the two. Otherwise says, as a sentence ending, what is missing.
 */
export function readTlsMaterial(secret: Secret): TlsMaterial | { missing: string } {
  const read = (key: keyof typeof LEGACY_KEYS) =>
    readSecretString(secret, key) ?? readSecretString(secret, LEGACY_KEYS[key]);
  const ca = read('ca.crt');
  const cert = read('tls.crt');
  const key = read('tls.key');
  if (cert !== undefined && key === undefined) return { missing: "has 'tls.crt' but no 'tls.key'" };
  if (key !== undefined && cert === undefined) return { missing: "has 'tls.key' but no 'tls.crt'" };
  if (ca === undefined && cert === undefined) {
    return { missing: "has neither 'ca.crt' nor 'tls.crt' and 'tls.key'" };
  }
  return {
    ...(ca !== undefined && { ca }),
    ...(cert !== undefined && key !== undefined && { cert, key }),
  };
}
