import { h } from './dom.js';
import { bytes, percent } from './format.js';

export const stateBadge = (state: string): HTMLElement => h('span', { class: `badge state-${state}` }, state);

/** Bytes received against the declared size, as text and a <progress> bar. */
export const received = (got: number, size: number | null, name: string): HTMLElement =>
  h(
    'span',
    { class: 'received' },
    h('span', {}, `${bytes(got)}${size === null ? '' : ` of ${bytes(size)}`}`),
    size !== null && size > 0
      ? h('progress', {
          max: size,
          value: Math.min(got, size),
          'aria-label': `${name}: ${percent(got, size)} received`,
        })
      : null,
  );
