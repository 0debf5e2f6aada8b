import type { ReceiverVerifier } from './verifier.js';

/** generic: anyone who knows the path may call it; the path itself is the secret. */
export const verifyGeneric: ReceiverVerifier = () =>
  Promise.resolve({ summary: 'generic webhook' });
