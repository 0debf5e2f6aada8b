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
  /**
   * An address or proxy at a link-local or cloud metadata address (169.254.0.0/16, fe80::/10,
   * `metadata.google.internal`…), refused unless `--allow-link-local-providers` is set.
   */
  AddressNotAllowed: 'AddressNotAllowed',
  /** A `timeout` that is not a positive duration. */
  InvalidTimeout: 'InvalidTimeout',
  /** A header name or value that cannot be sent (e.g. a line break in it). */
  InvalidHeader: 'InvalidHeader',
  /** Certificate material that does not load, or a certificate without its key. */
  InvalidTLS: 'InvalidTLS',
  /** Credentials that exclude each other, e.g. a token and a username/password. */
  ConflictingCredentials: 'ConflictingCredentials',
  InvalidRegex: 'InvalidRegex',
  /** A `spec.commitStatusExpr` that does not compile, or on a type that sets no commit status. */
  InvalidCommitStatusExpr: 'InvalidCommitStatusExpr',
  /** A `spec.threading` that cannot work: not a Slack `chat.postMessage` Provider, a bad expiry. */
  InvalidThreading: 'InvalidThreading',
  /** A `spec.template` that does not parse, or on a Provider type that sends no chat message. */
  InvalidTemplate: 'InvalidTemplate',
  /**
   * An event source in another namespace while `--no-cross-namespace-refs` blocks them (the
   * reason Flux gives a cross-namespace reference its ACLs deny).
   */
  AccessDenied: 'AccessDenied',
  UnsupportedType: 'UnsupportedType',
  /** Building the notifier failed in a way Herald does not name (a bug); the message says how. */
  NotifierFailed: 'NotifierFailed',
} as const;

export type ReadinessReason = (typeof ReadinessReason)[keyof typeof ReadinessReason];
