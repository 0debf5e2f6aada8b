import { ageSince } from './human-duration.js';
import { getPath, getString, isJsonObject } from './json.js';
import type { KubeObject } from './kube-object.js';
import type { TableDefinition } from './resource-type.js';
import { ageCell, ageColumn, column, nameColumn, NAME_DESCRIPTION } from './table.js';

/**
 * The printers of kubernetes/pkg/printers/internalversion for the built-in kinds served here.
 * The server generates the wide cells; kubectl hides columns with priority > 0 unless `-o wide`.
 */
export const namespaceTable: TableDefinition = {
  columns: [nameColumn, column('Status', 'The status of the namespace'), ageColumn],
  cells: (o, now) => [
    o.metadata.name ?? '',
    getString(o, ['status', 'phase']) ?? '',
    ageCell(o, now),
  ],
};

function countKeys(o: KubeObject, ...members: string[]): number {
  return members.reduce((n, member) => {
    const value = o[member];
    return n + (isJsonObject(value) ? Object.keys(value).length : 0);
  }, 0);
}

export const secretTable: TableDefinition = {
  columns: [
    nameColumn,
    column('Type', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'Data contains the secret data.'),
    ageColumn,
  ],
  cells: (o, now) => [
    o.metadata.name ?? '',
    getString(o, ['type']) ?? '',
    countKeys(o, 'data'),
    ageCell(o, now),
  ],
};

export const configMapTable: TableDefinition = {
  columns: [nameColumn, column('Data', 'Data contains the configuration data.'), ageColumn],
  cells: (o, now) => [o.metadata.name ?? '', countKeys(o, 'data', 'binaryData'), ageCell(o, now)],
};

export const leaseTable: TableDefinition = {
  columns: [
    nameColumn,
    column('Holder', 'holderIdentity contains the identity of the holder of a current lease.'),
    ageColumn,
  ],
  cells: (o, now) => [
    o.metadata.name ?? '',
    getString(o, ['spec', 'holderIdentity']) ?? '',
    ageCell(o, now),
  ],
};

/** printEvent: LAST SEEN prefers lastTimestamp, then the series, then firstTimestamp/eventTime. */
export const eventTable: TableDefinition = {
  columns: [
    column('Last Seen', 'Time when this Event was last observed.'),
    column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column(
      'Reason',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    column('Object', 'The object that this event is about.'),
    column(
      'Subobject',
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.',
      { priority: 1 },
    ),
    column(
      'Source',
      'The component reporting this event. Should be a short machine understandable string.',
      { priority: 1 },
    ),
    column('Message', 'A human-readable description of the status of this operation.'),
    column(
      'First Seen',
      'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
      { priority: 1 },
    ),
    column('Count', 'The number of times this event has occurred.', { priority: 1 }),
    column('Name', NAME_DESCRIPTION, { priority: 1, format: 'name' }),
  ],
  cells: (o, now) => {
    const firstTimestamp = getString(o, ['firstTimestamp']);
    const first = ageSince(firstTimestamp ?? getString(o, ['eventTime']), now);
    const lastTimestamp = getString(o, ['lastTimestamp']);
    let last = lastTimestamp ? ageSince(lastTimestamp, now) : first;
    const countValue = getPath(o, ['count']);
    let count = typeof countValue === 'number' ? countValue : 0;
    const series = getPath(o, ['series']);
    if (isJsonObject(series)) {
      last = ageSince(getString(series, ['lastObservedTime']), now);
      const seriesCount = series.count;
      count = typeof seriesCount === 'number' ? seriesCount : 0;
    } else if (count === 0) {
      count = 1;
    }
    const kind = (getString(o, ['involvedObject', 'kind']) ?? '').toLowerCase();
    const involvedName = getString(o, ['involvedObject', 'name']);
    const target = involvedName ? `${kind}/${involvedName}` : kind;
    return [
      last,
      getString(o, ['type']) ?? '',
      getString(o, ['reason']) ?? '',
      target,
      getString(o, ['involvedObject', 'fieldPath']) ?? '',
      eventSource(o),
      (getString(o, ['message']) ?? '').trim(),
      first,
      count,
      o.metadata.name ?? '',
    ];
  },
};

/** formatEventSource: `component, host`, falling back to the reporting controller and instance. */
function eventSource(o: KubeObject): string {
  const component =
    getString(o, ['source', 'component']) || getString(o, ['reportingComponent']) || '';
  const host = getString(o, ['source', 'host']) || getString(o, ['reportingInstance']) || '';
  return host ? `${component}, ${host}` : component;
}
