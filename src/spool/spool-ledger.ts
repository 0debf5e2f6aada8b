import type { Clock } from '../clock/clock.js';
import { HeraldError } from '../errors/herald-error.js';
import { errorMessage } from '../errors/error-message.js';
import type { Logger } from '../logging/logger.js';
import type { DeliveryLedger, LedgerEntry, RecordedEntry } from '../pipeline/delivery-ledger.js';
import { Spool, type FsyncPolicy } from './spool.js';

export interface SpoolLedgerOptions {
  readonly dir: string;
  readonly maxBytes: number;
  readonly fsync: FsyncPolicy;
  readonly retryAgeMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** A ledger on the spool, what the last run left undelivered, and how to close it. */
export interface OpenedSpoolLedger {
  readonly ledger: DeliveryLedger;
  readonly pending: readonly RecordedEntry[];
  close(): void;
}

/** Segments of 1/8 of the bound (at most 16 MiB): small enough that compaction keeps up. */
const MAX_SEGMENT_BYTES = 16 * 1024 * 1024;

/** The ledger as a spool under `--storage-path`: what is recorded survives a kill. */
export function openSpoolLedger(options: SpoolLedgerOptions): OpenedSpoolLedger {
  const { logger } = options;
  let opened: ReturnType<typeof Spool.open>;
  try {
    opened = Spool.open(
      {
        dir: options.dir,
        maxBytes: options.maxBytes,
        segmentBytes: Math.min(MAX_SEGMENT_BYTES, Math.floor(options.maxBytes / 8)),
        fsync: options.fsync,
        clock: options.clock,
      },
      (ids) => {
        logger.error(
          { dropped: ids.length, maxBytes: options.maxBytes },
          'The spool is full: dropped its oldest undelivered notifications, which a restart will not deliver',
        );
      },
    );
  } catch (error) {
    throw new HeraldError(
      'HERALD_STORAGE_UNUSABLE',
      `cannot use --storage-path "${options.dir}" for the delivery spool (${errorCodeOrMessage(error)})`,
      { cause: error },
    );
  }
  const { spool, recovery } = opened;
  if (recovery.tornBytes > 0) {
    logger.info(
      { bytes: recovery.tornBytes },
      'Dropped a torn record at the end of the spool, written when the last run was killed',
    );
  }
  const pending: RecordedEntry[] = [];
  for (const { id, payload } of recovery.pending) {
    const entry = decodeEntry(payload);
    if (entry === undefined) {
      logger.error({ id }, 'Dropped a spooled notification that cannot be read');
      spool.done(id);
      continue;
    }
    pending.push({ ...entry, id });
  }
  return {
    ledger: {
      record: (entry) => {
        try {
          return spool.append(Buffer.from(JSON.stringify(entry)));
        } catch (error) {
          // A full or failing disk: the notification is still delivered, from memory.
          logger.error(
            { error: errorCodeOrMessage(error) },
            'Cannot write a notification to the spool; it will not survive a restart',
          );
          return undefined;
        }
      },
      settle: (id) => {
        spool.done(id);
      },
      retryAgeMs: options.retryAgeMs,
    },
    pending,
    close: () => {
      spool.close();
    },
  };
}

function decodeEntry(payload: Buffer): LedgerEntry | undefined {
  try {
    const entry = JSON.parse(payload.toString('utf8')) as Partial<LedgerEntry>;
    const { providerKey, alertKey, notification, acceptedAtMs, deliveryId } = entry;
    if (
      typeof deliveryId !== 'string' ||
      typeof providerKey !== 'string' ||
      typeof alertKey !== 'string' ||
      typeof acceptedAtMs !== 'number' ||
      typeof notification !== 'object'
    ) {
      return undefined;
    }
    return { providerKey, alertKey, notification, acceptedAtMs, deliveryId };
  } catch {
    return undefined;
  }
}

function errorCodeOrMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : errorMessage(error);
}
