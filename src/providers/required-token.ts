import type { CredentialCheck } from './provider-descriptor.js';

/**
 * The check of a type that cannot work without a non-empty `token` key; `use` says what the
 * token is for (`generic-hmac signs with`).
 */
export function requiredToken(use: string): CredentialCheck {
  return ({ token }, _secret, named) => {
    if (token === undefined) return `${use} a 'token' key: none in ${named}`;
    return token === '' ? `the 'token' key of ${named} is empty` : undefined;
  };
}
