import type { AuditEvent } from './api.js';
import type { ProgressPoint } from './chart.js';
import { bytes } from './format.js';

const str = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const names = (value: unknown): string =>
  Array.isArray(value) && value.length > 0 ? value.map(str).join(', ') : 'nothing';

/** What an event changed, in a line an operator reads at a glance. */
export const describe = (event: AuditEvent): string => {
  const d = event.data;
  switch (event.type) {
    case 'UploadSessionStarted': {
      const target = d['target'] as Record<string, unknown> | undefined;
      const files = Array.isArray(d['files']) ? d['files'].length : 0;
      const what =
        target?.['kind'] === 'file'
          ? `file ${str(target['fileId'])}`
          : `library item ${str(target?.['libraryItemId'])}`;
      return `Started for ${what}; ${files} file(s) declared; expires ${str(d['expiresAt'])}`;
    }
    case 'UploadSessionFileAdded':
      return `File ${str(d['name'])} added (${d['size'] === null ? 'size not declared' : bytes(Number(d['size']))})`;
    case 'UploadSessionFileRemoved':
      return `File ${str(d['name'])} removed; content to delete: ${names(d['contentToDelete'])}`;
    case 'UploadSessionContentReceived': {
      const checksum = d['checksum'] as Record<string, unknown> | undefined;
      return `${str(d['name'])}: ${bytes(Number(d['size']))} received (${str(checksum?.['algorithm'])} ${str(checksum?.['value']).slice(0, 16)}…)`;
    }
    case 'UploadSessionCompleted':
      return `Completed with ${Array.isArray(d['files']) ? d['files'].length : 0} file(s)`;
    case 'UploadSessionCanceled':
      return `Canceled (reason: ${str(d['reason'])}); content to delete: ${names(d['contentToDelete'])}`;
    case 'UploadSessionFailed':
      return `Failed: ${str(d['message'])}; content to delete: ${names(d['contentToDelete'])}`;
    case 'UploadSessionKeptAlive':
      return `Kept alive${d['clientProgress'] === undefined || d['clientProgress'] === null ? '' : ` at ${str(d['clientProgress'])} %`}`;
    case 'UploadSessionDeleted':
      return 'Deleted';
    default:
      return Object.entries(d)
        .map(([k, v]) => `${k}=${str(v)}`)
        .join(' ');
  }
};

const ENDINGS = new Set(['UploadSessionCanceled', 'UploadSessionFailed', 'UploadSessionDeleted']);

/** Received bytes after each event, and when an ending deleted them (null: not deleted). */
export const progressFromEvents = (
  events: readonly AuditEvent[],
): { readonly points: ProgressPoint[]; readonly deletedAt: number | null } => {
  const sizes = new Map<string, number>();
  const points: ProgressPoint[] = [];
  let deletedAt: number | null = null;
  const total = () => [...sizes.values()].reduce((a, b) => a + b, 0);
  for (const event of events) {
    const t = Date.parse(event.occurred_at ?? event.recorded_at);
    const d = event.data;
    if (event.type === 'UploadSessionStarted') points.push({ t, bytes: 0 });
    else if (event.type === 'UploadSessionContentReceived') {
      sizes.set(str(d['name']), Number(d['size']));
      points.push({ t, bytes: total() });
    } else if (event.type === 'UploadSessionFileRemoved') {
      sizes.delete(str(d['name']));
      points.push({ t, bytes: total() });
    } else if (ENDINGS.has(event.type) && deletedAt === null) {
      points.push({ t, bytes: total() });
      deletedAt = t;
    }
  }
  return { points, deletedAt };
};
