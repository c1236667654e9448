import { s } from './dom.js';
import { bytes, clock } from './format.js';

export interface ProgressPoint {
  /** Milliseconds since the epoch. */
  readonly t: number;
  readonly bytes: number;
}

const W = 640;
const H = 220;
const PAD = { left: 78, right: 16, top: 16, bottom: 34 };

/**
 * Received bytes over time as a step line (inline SVG, no library): files arrive whole per event, and
 * samples polled while transfers are in flight fill in between. A dashed line marks the declared size;
 * `deletedAt` draws the drop to zero when an ended session's bytes were deleted.
 */
export const progressChart = (
  points: readonly ProgressPoint[],
  declared: number | null,
  deletedAt: number | null,
  label: string,
): SVGElement => {
  const sorted = [...points].sort((a, b) => a.t - b.t);
  const first = sorted[0]?.t ?? Date.now();
  const last = Math.max(sorted[sorted.length - 1]?.t ?? first, deletedAt ?? 0, first + 1000);
  const top = Math.max(1, declared ?? 0, ...sorted.map((p) => p.bytes));
  const x = (t: number) => PAD.left + ((t - first) / (last - first)) * (W - PAD.left - PAD.right);
  const y = (b: number) => H - PAD.bottom - (b / top) * (H - PAD.top - PAD.bottom);
  let path = '';
  let previous: ProgressPoint | undefined;
  for (const p of sorted) {
    path += previous === undefined ? `M${x(p.t)},${y(p.bytes)}` : `H${x(p.t)}V${y(p.bytes)}`;
    previous = p;
  }
  const end = previous;
  const children: SVGElement[] = [
    s('title', {}, label),
    s('line', { x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom, class: 'axis' }),
    s('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom, class: 'axis' }),
    s('text', { x: PAD.left - 6, y: y(top) + 4, class: 'tick', 'text-anchor': 'end' }, bytes(top)),
    s('text', { x: PAD.left - 6, y: H - PAD.bottom + 4, class: 'tick', 'text-anchor': 'end' }, '0'),
    s('text', { x: PAD.left, y: H - 10, class: 'tick' }, clock(new Date(first).toISOString())),
    s(
      'text',
      { x: W - PAD.right, y: H - 10, class: 'tick', 'text-anchor': 'end' },
      clock(new Date(last).toISOString()),
    ),
  ];
  if (declared !== null && declared > 0)
    children.push(
      s('line', { x1: PAD.left, y1: y(declared), x2: W - PAD.right, y2: y(declared), class: 'declared' }),
      s(
        'text',
        { x: W - PAD.right, y: y(declared) - 5, class: 'tick', 'text-anchor': 'end' },
        `declared ${bytes(declared)}`,
      ),
    );
  if (path !== '') children.push(s('path', { d: path, class: 'progress' }));
  if (end !== undefined) {
    children.push(s('circle', { cx: x(end.t), cy: y(end.bytes), r: 4, class: 'progress-dot' }));
    if (deletedAt !== null && end.bytes > 0)
      children.push(
        s('path', { d: `M${x(end.t)},${y(end.bytes)}H${x(deletedAt)}V${y(0)}`, class: 'deleted' }),
        s(
          'text',
          { x: x(deletedAt) - 6, y: y(0) - 6, class: 'tick deleted-label', 'text-anchor': 'end' },
          'bytes deleted',
        ),
      );
  }
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, class: 'chart' },
    ...children,
  );
};

/** Sessions started per day, stacked by state. */
export const dayChart = (
  days: readonly string[],
  counts: ReadonlyMap<string, ReadonlyMap<string, number>>,
  states: readonly string[],
  label: string,
): SVGElement => {
  const width = 640;
  const height = 200;
  const left = 34;
  const bottom = 30;
  const totals = days.map((d) => [...(counts.get(d)?.values() ?? [])].reduce((a, b) => a + b, 0));
  const top = Math.max(1, ...totals);
  const slot = (width - left - 8) / Math.max(1, days.length);
  const bars: SVGElement[] = [];
  days.forEach((day, i) => {
    let base = height - bottom;
    for (const state of states) {
      const n = counts.get(day)?.get(state) ?? 0;
      if (n === 0) continue;
      const h = (n / top) * (height - bottom - 12);
      bars.push(
        s(
          'rect',
          {
            x: left + i * slot + 3,
            y: base - h,
            width: Math.max(2, slot - 6),
            height: h,
            class: `bar state-${state}`,
          },
          s('title', {}, `${day}: ${n} ${state}`),
        ),
      );
      base -= h;
    }
    if (i % Math.ceil(days.length / 7) === 0)
      bars.push(
        s(
          'text',
          { x: left + i * slot + slot / 2, y: height - 10, class: 'tick', 'text-anchor': 'middle' },
          day.slice(5),
        ),
      );
  });
  return s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'chart' },
    s('title', {}, label),
    s('line', { x1: left, y1: height - bottom, x2: width - 8, y2: height - bottom, class: 'axis' }),
    s('text', { x: left - 6, y: 16, class: 'tick', 'text-anchor': 'end' }, String(top)),
    s('text', { x: left - 6, y: height - bottom + 4, class: 'tick', 'text-anchor': 'end' }, '0'),
    ...bars,
  );
};
