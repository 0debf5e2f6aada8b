import type { Logger } from '../logging/logger.js';
import type { EventSink } from './event-sink.js';

/** The sink used until matching and delivery exist: it logs each accepted event at debug. */
export function loggingSink(logger: Logger): EventSink {
  return {
    accept(event, source) {
      const object = event.involvedObject;
      logger.debug(
        {
          source,
          object: `${object.kind}/${object.namespace}/${object.name}`,
          severity: event.severity,
          reason: event.reason,
        },
        'Accepted event',
      );
    },
  };
}
