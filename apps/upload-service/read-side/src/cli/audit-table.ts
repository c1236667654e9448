import type { AuditEvent } from '../audit/audit-event';

const clip = (text: string, width: number): string =>
  text.length <= width ? text : `${text.slice(0, width - 1)}…`;

/** A compact one-line view of an event's payload: its scalar fields, `key=value`. */
const summary = (data: AuditEvent['data']): string =>
  Object.entries(data)
    .filter(([, value]) => value === null || typeof value !== 'object')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');

export interface TableColumn {
  readonly title: string;
  readonly value: (event: AuditEvent) => string;
  /** Longer values are cut to this many characters. */
  readonly max: number;
}

/** The columns `audit` prints; `stream` is left out for one session's history (it is always the same). */
export const auditColumns = (withStream: boolean): readonly TableColumn[] => [
  { title: 'TIME', value: (e) => e.occurredAt ?? e.recordedAt, max: 24 },
  { title: 'TYPE', value: (e) => e.type, max: 36 },
  {
    title: 'ACTOR',
    value: (e) =>
      e.actor === null ? '-' : `${e.actor.id}${e.actor.kind === null ? '' : ` (${e.actor.kind})`}`,
    max: 40,
  },
  ...(withStream ? [{ title: 'STREAM', value: (e: AuditEvent) => e.stream, max: 52 }] : []),
  { title: 'CORRELATION', value: (e) => e.correlationId ?? '-', max: 36 },
  { title: 'CAUSATION', value: (e) => e.causationId ?? '-', max: 36 },
  { title: 'DATA', value: (e) => summary(e.data), max: 80 },
];

/** A readable, aligned table: a header, one line per event. */
export const auditTable = (events: readonly AuditEvent[], columns: readonly TableColumn[]): string => {
  const cells = events.map((event) => columns.map((column) => clip(column.value(event), column.max)));
  const widths = columns.map((column, i) =>
    Math.max(column.title.length, ...cells.map((row) => row[i]?.length ?? 0)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), ...cells.map(line)].join('\n') + '\n';
};
