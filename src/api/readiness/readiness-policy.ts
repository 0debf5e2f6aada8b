/** Controller-wide rules Alerts and Providers are judged by, from Herald's flags. */
export interface ReadinessPolicy {
  /** `--no-cross-namespace-refs`: event sources must stay in the Alert's namespace. */
  readonly noCrossNamespaceRefs: boolean;
  /**
   * `--allow-link-local-providers`: a Provider's address or proxy may be link-local or a cloud
   * metadata server. Unset means refused.
   */
  readonly allowLinkLocalProviders?: boolean;
}

export const DEFAULT_READINESS_POLICY: ReadinessPolicy = Object.freeze({
  noCrossNamespaceRefs: false,
  allowLinkLocalProviders: false,
});
