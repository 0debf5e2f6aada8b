import { formatKubeMicroTime, formatKubeTime } from './kube-object.js';
import type { JsonObject, JsonValue } from './json.js';
import { apiErrors } from './status-errors.js';

/**
 * Decodes `application/vnd.kubernetes.protobuf` request bodies of the built-in kinds served here.
 * kubectl's typed clients (`kubectl create secret|configmap|namespace`) send them; responses are
 * always JSON, which those clients also accept.
 */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Scalar = 'string' | 'bytes' | 'int32' | 'int64' | 'bool' | 'time' | 'microtime' | 'rawjson';
interface Field {
  name: string;
  kind: Scalar | Message | { map: 'string' | 'bytes' };
  repeated?: boolean;
}
interface Message {
  fields: Record<number, Field>;
}

const msg = (fields: Record<number, Field>): Message => ({ fields });
const f = (name: string, kind: Field['kind'], repeated = false): Field => ({
  name,
  kind,
  repeated,
});

const ownerReference = msg({
  1: f('kind', 'string'),
  3: f('name', 'string'),
  4: f('uid', 'string'),
  5: f('apiVersion', 'string'),
  6: f('controller', 'bool'),
  7: f('blockOwnerDeletion', 'bool'),
});
const managedFieldsEntry = msg({
  1: f('manager', 'string'),
  2: f('operation', 'string'),
  3: f('apiVersion', 'string'),
  4: f('time', 'time'),
  6: f('fieldsType', 'string'),
  7: f('fieldsV1', msg({ 1: f('raw', 'rawjson') })),
  8: f('subresource', 'string'),
});
const objectMeta = msg({
  1: f('name', 'string'),
  2: f('generateName', 'string'),
  3: f('namespace', 'string'),
  4: f('selfLink', 'string'),
  5: f('uid', 'string'),
  6: f('resourceVersion', 'string'),
  7: f('generation', 'int64'),
  8: f('creationTimestamp', 'time'),
  9: f('deletionTimestamp', 'time'),
  10: f('deletionGracePeriodSeconds', 'int64'),
  11: f('labels', { map: 'string' }),
  12: f('annotations', { map: 'string' }),
  13: f('ownerReferences', ownerReference, true),
  14: f('finalizers', 'string', true),
  17: f('managedFields', managedFieldsEntry, true),
});
const objectReference = msg({
  1: f('kind', 'string'),
  2: f('namespace', 'string'),
  3: f('name', 'string'),
  4: f('uid', 'string'),
  5: f('apiVersion', 'string'),
  6: f('resourceVersion', 'string'),
  7: f('fieldPath', 'string'),
});

const KINDS: Record<string, Message> = {
  ConfigMap: msg({
    1: f('metadata', objectMeta),
    2: f('data', { map: 'string' }),
    3: f('binaryData', { map: 'bytes' }),
    4: f('immutable', 'bool'),
  }),
  Secret: msg({
    1: f('metadata', objectMeta),
    2: f('data', { map: 'bytes' }),
    3: f('type', 'string'),
    4: f('stringData', { map: 'string' }),
    5: f('immutable', 'bool'),
  }),
  Namespace: msg({
    1: f('metadata', objectMeta),
    2: f('spec', msg({ 1: f('finalizers', 'string', true) })),
    3: f(
      'status',
      msg({
        1: f('phase', 'string'),
        2: f(
          'conditions',
          msg({
            1: f('type', 'string'),
            2: f('status', 'string'),
            4: f('lastTransitionTime', 'time'),
            5: f('reason', 'string'),
            6: f('message', 'string'),
          }),
          true,
        ),
      }),
    ),
  }),
  Event: msg({
    1: f('metadata', objectMeta),
    2: f('involvedObject', objectReference),
    3: f('reason', 'string'),
    4: f('message', 'string'),
    5: f('source', msg({ 1: f('component', 'string'), 2: f('host', 'string') })),
    6: f('firstTimestamp', 'time'),
    7: f('lastTimestamp', 'time'),
    8: f('count', 'int32'),
    9: f('type', 'string'),
    10: f('eventTime', 'microtime'),
    11: f('series', msg({ 1: f('count', 'int32'), 2: f('lastObservedTime', 'microtime') })),
    12: f('action', 'string'),
    13: f('related', objectReference),
    14: f('reportingComponent', 'string'),
    15: f('reportingInstance', 'string'),
  }),
  Lease: msg({
    1: f('metadata', objectMeta),
    2: f(
      'spec',
      msg({
        1: f('holderIdentity', 'string'),
        2: f('leaseDurationSeconds', 'int32'),
        3: f('acquireTime', 'microtime'),
        4: f('renewTime', 'microtime'),
        5: f('leaseTransitions', 'int32'),
        6: f('strategy', 'string'),
        7: f('preferredHolder', 'string'),
      }),
    ),
  }),
  DeleteOptions: msg({
    1: f('gracePeriodSeconds', 'int64'),
    2: f('preconditions', msg({ 1: f('uid', 'string'), 2: f('resourceVersion', 'string') })),
    3: f('orphanDependents', 'bool'),
    4: f('propagationPolicy', 'string'),
    5: f('dryRun', 'string', true),
  }),
};

class Reader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}
  get done(): boolean {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.buf.length) throw new Error('truncated varint');
      const byte = this.buf[this.pos++] ?? 0;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  bytes(): Buffer {
    const length = Number(this.varint());
    if (this.pos + length > this.buf.length) throw new Error('truncated field');
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.bytes();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

function decodeTime(buf: Buffer, micro: boolean): string | undefined {
  const r = new Reader(buf);
  let seconds = 0n;
  let nanos = 0n;
  while (!r.done) {
    const tag = Number(r.varint());
    if (tag >> 3 === 1) seconds = BigInt.asIntN(64, r.varint());
    else if (tag >> 3 === 2) nanos = r.varint();
    else r.skip(tag & 7);
  }
  if (seconds === 0n && nanos === 0n) return undefined;
  const date = new Date(Number(seconds) * 1000 + Math.floor(Number(nanos) / 1e6));
  return micro ? formatKubeMicroTime(date) : formatKubeTime(date);
}

function decodeMapEntry(buf: Buffer, valueKind: 'string' | 'bytes'): [string, string] {
  const r = new Reader(buf);
  let key = '';
  let value = '';
  while (!r.done) {
    const tag = Number(r.varint());
    if (tag >> 3 === 1) key = r.bytes().toString('utf8');
    else if (tag >> 3 === 2) {
      const raw = r.bytes();
      value = valueKind === 'bytes' ? raw.toString('base64') : raw.toString('utf8');
    } else r.skip(tag & 7);
  }
  return [key, value];
}

/** Decodes into the JSON Go would write: zero values (omitempty) left out. */
function decodeMessage(buf: Buffer, message: Message): JsonObject {
  const out: JsonObject = {};
  const r = new Reader(buf);
  while (!r.done) {
    const tag = Number(r.varint());
    const field = message.fields[tag >> 3];
    if (!field) {
      r.skip(tag & 7);
      continue;
    }
    const value = decodeField(r, field, tag & 7);
    if (value === undefined) continue;
    if (typeof field.kind === 'object' && 'map' in field.kind && Array.isArray(value)) {
      const map = (out[field.name] as JsonObject | undefined) ?? {};
      const [key, entry] = value;
      if (typeof key === 'string') map[key] = entry ?? '';
      out[field.name] = map;
    } else if (field.repeated) {
      const list = (out[field.name] as JsonValue[] | undefined) ?? [];
      list.push(value);
      out[field.name] = list;
    } else {
      out[field.name] = value;
    }
  }
  return out;
}

function decodeField(r: Reader, field: Field, wireType: number): JsonValue | undefined {
  const { kind } = field;
  if (typeof kind === 'object') {
    if ('map' in kind) return decodeMapEntry(r.bytes(), kind.map);
    const nested = decodeMessage(r.bytes(), kind);
    return Object.keys(nested).length === 0 && !field.repeated ? undefined : nested;
  }
  switch (kind) {
    case 'string': {
      const text = r.bytes().toString('utf8');
      return text === '' && !field.repeated ? undefined : text;
    }
    case 'bytes':
      return r.bytes().toString('base64');
    case 'rawjson': {
      const raw = r.bytes().toString('utf8');
      return raw ? (JSON.parse(raw) as JsonValue) : undefined;
    }
    case 'int32':
    case 'int64': {
      if (wireType !== 0) throw new Error(`field ${field.name}: expected a varint`);
      const n = Number(BigInt.asIntN(64, r.varint()));
      return n === 0 ? undefined : n;
    }
    case 'bool':
      return r.varint() !== 0n ? true : undefined;
    case 'time':
    case 'microtime':
      return decodeTime(r.bytes(), kind === 'microtime');
  }
}

/** The JSON object a protobuf body of a built-in kind stands for; a 400 when it cannot be read. */
export function decodeKubeProtobuf(body: Buffer): JsonObject {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw apiErrors.badRequest(
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
  }
  try {
    const unknown = decodeMessage(
      body.subarray(MAGIC.length),
      msg({
        1: f('typeMeta', msg({ 1: f('apiVersion', 'string'), 2: f('kind', 'string') })),
        2: f('raw', 'bytes'),
      }),
    );
    const typeMeta = (unknown.typeMeta ?? {}) as JsonObject;
    const kind = typeof typeMeta.kind === 'string' ? typeMeta.kind : '';
    const message = KINDS[kind];
    if (!message) throw new Error(`no protobuf decoding for kind "${kind}"`);
    const raw = Buffer.from(typeof unknown.raw === 'string' ? unknown.raw : '', 'base64');
    return { apiVersion: typeMeta.apiVersion ?? 'v1', kind, ...decodeMessage(raw, message) };
  } catch (error) {
    throw apiErrors.badRequest(
      `unable to decode protobuf body: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
