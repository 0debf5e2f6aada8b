/** Largest Event API request body (3 MiB, as Flux); exactly this many bytes is accepted. */
export const MAX_EVENT_BODY_BYTES = 3 * 1024 * 1024;
