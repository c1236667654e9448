const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export const bytes = (n: number | null | undefined): string => {
  if (n === null || n === undefined) return '—';
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${UNITS[unit]}`;
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A local date and time to the second (operators compare times across rows, so no "5 min ago" alone). */
export const time = (iso: string | null | undefined): string => {
  if (iso === null || iso === undefined) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
};

export const clock = (iso: string): string => {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
};

export const ago = (iso: string | null | undefined, now = Date.now()): string => {
  if (iso === null || iso === undefined) return '';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
};

export const percent = (part: number, whole: number | null): string =>
  whole === null || whole === 0 ? '' : `${Math.min(100, Math.floor((part / whole) * 100))} %`;

export const dialectLabel = (dialect: string): string => (dialect === 'vsphere' ? 'vSphere' : 'BlendVision');

/** A `datetime-local` value (local time, no zone) as ISO-8601 UTC, for the API's since/until. */
export const localToIso = (value: string): string | undefined => {
  if (value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
};
