/**
 * The reasons of the Ready condition of Alerts and Providers: stable CamelCase identifiers that
 * programs can act on (the message says the same for people).
 */
export const ReadinessReason = {
  /** Ready: the object works. */
  Succeeded: 'Succeeded',
  Suspended: 'Suspended',
  ProviderNotFound: 'ProviderNotFound',
  /** The Alert's Provider is suspended or not ready itself. */
  ProviderNotReady: 'ProviderNotReady',
  SecretNotFound: 'SecretNotFound',
  SecretKeyMissing: 'SecretKeyMissing',
  /** A Secret key is present but unusable, e.g. `headers` that are not a YAML map. */
  InvalidSecretData: 'InvalidSecretData',
  /** An address or proxy that is missing or not an absolute http(s) URL. */
  InvalidURL: 'InvalidURL',
  InvalidRegex: 'InvalidRegex',
  UnsupportedType: 'UnsupportedType',
} as const;

export type ReadinessReason = (typeof ReadinessReason)[keyof typeof ReadinessReason];
