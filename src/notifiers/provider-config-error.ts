import { ReadinessReason } from '../api/readiness/readiness-reason.js';
import { HeraldError } from '../errors/herald-error.js';

export type ProviderConfigErrorCode =
  | 'HERALD_PROVIDER_UNSUPPORTED_TYPE'
  | 'HERALD_PROVIDER_INVALID_ADDRESS'
  | 'HERALD_PROVIDER_INVALID_PROXY'
  | 'HERALD_PROVIDER_INVALID_TIMEOUT'
  | 'HERALD_PROVIDER_INVALID_HEADER'
  | 'HERALD_PROVIDER_INVALID_TLS'
  | 'HERALD_PROVIDER_MISSING_TOKEN'
  | 'HERALD_PROVIDER_CONFLICTING_AUTH'
  | 'HERALD_PROVIDER_INVALID_CHANNEL'
  | 'HERALD_PROVIDER_MISSING_CREDENTIALS'
  | 'HERALD_PROVIDER_INVALID_CREDENTIALS'
  | 'HERALD_PROVIDER_INVALID_COMMIT_STATUS_EXPR'
  | 'HERALD_PROVIDER_INVALID_REPOSITORY'
  | 'HERALD_PROVIDER_INVALID_THREADING';

/**
 * A provider that cannot work as configured, found when its notifier is built rather than on
 * the first event. Terminal: retrying the same configuration cannot help. The message names the
 * provider and never carries a secret.
 */
export class ProviderConfigError extends HeraldError {
  declare readonly code: ProviderConfigErrorCode;

  // Not useless: it narrows the codes this error may carry.
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor
  constructor(code: ProviderConfigErrorCode, message: string) {
    super(code, message);
  }
}

/** The Ready condition's reason for each code, when a notifier cannot be built. */
export const PROVIDER_CONFIG_ERROR_REASONS: Readonly<
  Record<ProviderConfigErrorCode, ReadinessReason>
> = {
  HERALD_PROVIDER_UNSUPPORTED_TYPE: ReadinessReason.UnsupportedType,
  HERALD_PROVIDER_INVALID_ADDRESS: ReadinessReason.InvalidURL,
  HERALD_PROVIDER_INVALID_PROXY: ReadinessReason.InvalidURL,
  HERALD_PROVIDER_INVALID_TIMEOUT: ReadinessReason.InvalidTimeout,
  HERALD_PROVIDER_INVALID_HEADER: ReadinessReason.InvalidHeader,
  HERALD_PROVIDER_INVALID_TLS: ReadinessReason.InvalidTLS,
  HERALD_PROVIDER_MISSING_TOKEN: ReadinessReason.SecretKeyMissing,
  HERALD_PROVIDER_CONFLICTING_AUTH: ReadinessReason.ConflictingCredentials,
  // Readiness names the missing key first (the type's credential check), with this reason.
  HERALD_PROVIDER_INVALID_CHANNEL: ReadinessReason.SecretKeyMissing,
  HERALD_PROVIDER_MISSING_CREDENTIALS: ReadinessReason.SecretKeyMissing,
  HERALD_PROVIDER_INVALID_CREDENTIALS: ReadinessReason.InvalidSecretData,
  HERALD_PROVIDER_INVALID_COMMIT_STATUS_EXPR: ReadinessReason.InvalidCommitStatusExpr,
  HERALD_PROVIDER_INVALID_REPOSITORY: ReadinessReason.InvalidURL,
  HERALD_PROVIDER_INVALID_THREADING: ReadinessReason.InvalidThreading,
};
