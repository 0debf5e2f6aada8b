// `npm run bench`: every benchmark, one after another (each measures its own baseline).
import { benchEventApi } from './event-api.js';
import { benchLimiterMemory } from './limiter-memory.js';

const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  'event-api': benchEventApi,
  'limiter-memory': benchLimiterMemory,
};
for (const [name, bench] of Object.entries(benches)) {
  if (only === undefined || only === name) await bench();
}
