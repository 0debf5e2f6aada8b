// `npm run bench`: every benchmark, one after another (each measures its own baseline).
import { benchDeliveryThroughput } from './delivery-throughput.js';
import { benchEndToEnd } from './end-to-end.js';
import { benchEventApi } from './event-api.js';
import { benchKubeEvents } from './kube-events.js';
import { benchLimiterMemory } from './limiter-memory.js';
import { benchLokiDelivery } from './loki-delivery.js';
import { benchRebuild } from './rebuild.js';
import { benchSpool } from './spool.js';
import { benchStorm } from './storm.js';

const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  'event-api': benchEventApi,
  'end-to-end': benchEndToEnd,
  'delivery-throughput': benchDeliveryThroughput,
  'limiter-memory': benchLimiterMemory,
  'loki-delivery': benchLokiDelivery,
  'kube-events': benchKubeEvents,
  rebuild: benchRebuild,
  spool: benchSpool,
  storm: benchStorm,
  // A script of its own: importing it runs it.
  apiserver: async () => {
    await import('./apiserver.js');
  },
};
for (const [name, bench] of Object.entries(benches)) {
  if (only === undefined || only === name) await bench();
}
