/** What `spec.grouping` and `spec.pacing` mean when they leave a duration out (Go durations). */
export const DEFAULT_GROUP_WAIT = '30s';
export const DEFAULT_GROUP_INTERVAL = '5m';
export const DEFAULT_PACING_MAX_WAIT = '10s';
