/** Most notifications waiting or in delivery for one Provider; past it they are dropped and counted. */
export const MAX_QUEUED_PER_PROVIDER = 10_000;

/** Most deliveries in flight at once to one Provider (batching notifiers are not limited by it). */
export const DELIVERY_CONCURRENCY_PER_PROVIDER = 4;
