import { crc32 } from 'node:zlib';

/**
 * One record of the spool's write-ahead log, framed so that a torn write is recognised:
 *
 *     u32 LE  body length
 *     u32 LE  CRC-32 of the body
 *     body:   u8 kind, u64 LE id, then (for `append`) the notification as UTF-8 JSON
 *
 * A crash can leave the last record of a segment short or half-written; its length or its
 * checksum then does not hold, and reading stops there instead of parsing garbage.
 */
export type SpoolRecord =
  | { readonly kind: 'append'; readonly id: number; readonly payload: Buffer }
  | { readonly kind: 'done'; readonly id: number };

const HEADER_BYTES = 8;
const KIND_APPEND = 1;
const KIND_DONE = 2;
/** Kind and id. */
const BODY_PREFIX_BYTES = 9;
/**
 * Longest body: an event is at most 3 MiB as the Event API takes it. A larger length can only
 * be a torn or foreign header, so reading stops there.
 */
export const MAX_RECORD_BODY_BYTES = 4 * 1024 * 1024;

export function encodeSpoolRecord(record: SpoolRecord): Buffer {
  const payload = record.kind === 'append' ? record.payload : undefined;
  const bodyLength = BODY_PREFIX_BYTES + (payload?.length ?? 0);
  const frame = Buffer.allocUnsafe(HEADER_BYTES + bodyLength);
  frame.writeUInt32LE(bodyLength, 0);
  frame.writeUInt8(record.kind === 'append' ? KIND_APPEND : KIND_DONE, HEADER_BYTES);
  frame.writeBigUInt64LE(BigInt(record.id), HEADER_BYTES + 1);
  payload?.copy(frame, HEADER_BYTES + BODY_PREFIX_BYTES);
  frame.writeUInt32LE(crc32(frame.subarray(HEADER_BYTES)), 4);
  return frame;
}

/** The records of a segment's bytes, and how many bytes of it hold whole, valid records. */
export interface DecodedSegment {
  readonly records: SpoolRecord[];
  readonly validBytes: number;
}

/** Reads records until the bytes end or one is torn (short, oversized, bad checksum or kind). */
export function decodeSpoolRecords(bytes: Buffer): DecodedSegment {
  const records: SpoolRecord[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= bytes.length) {
    const bodyLength = bytes.readUInt32LE(offset);
    const end = offset + HEADER_BYTES + bodyLength;
    if (bodyLength < BODY_PREFIX_BYTES || bodyLength > MAX_RECORD_BODY_BYTES) break;
    if (end > bytes.length) break;
    const body = bytes.subarray(offset + HEADER_BYTES, end);
    if (crc32(body) !== bytes.readUInt32LE(offset + 4)) break;
    const kind = body.readUInt8(0);
    const id = Number(body.readBigUInt64LE(1));
    if (kind === KIND_APPEND) {
      records.push({ kind: 'append', id, payload: body.subarray(BODY_PREFIX_BYTES) });
    } else if (kind === KIND_DONE && bodyLength === BODY_PREFIX_BYTES) {
      records.push({ kind: 'done', id });
    } else {
      break;
    }
    offset = end;
  }
  return { records, validBytes: offset };
}
