/** The API group of Alerts and Providers, Flux's own so that Flux manifests apply unchanged. */
export const API_GROUP = 'notification.toolkit.fluxcd.io';

/** The one version Herald serves and stores. */
export const API_VERSION = 'v1beta3';

/** `apiVersion` of Alerts and Providers: `notification.toolkit.fluxcd.io/v1beta3`. */
export const API_GROUP_VERSION = `${API_GROUP}/${API_VERSION}`;

/**
 * Flux's previous version. Its Alert and Provider specs carry the same fields with the same
 * meaning, so local mode reads such documents as v1beta3 (with a deprecation warning) instead of
 * turning away manifests that Flux users still keep in Git.
 */
export const LEGACY_API_GROUP_VERSION = `${API_GROUP}/v1beta2`;
