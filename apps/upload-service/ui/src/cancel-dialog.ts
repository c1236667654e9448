import type { SessionSummary } from './api.js';
import { h } from './dom.js';
import { bytes } from './format.js';

/** Asks before a cancel (a modal <dialog>: focus is trapped, Escape keeps the upload). */
export const confirmCancel = (session: SessionSummary): Promise<boolean> =>
  new Promise((resolve) => {
    const title = `Cancel the upload of ${session.name ?? session.session_id}?`;
    const keep = h('button', { type: 'button', class: 'secondary', autofocus: true }, 'Keep uploading');
    const cancel = h('button', { type: 'button', class: 'danger' }, 'Cancel upload');
    const dialog = h(
      'dialog',
      { 'aria-labelledby': 'cancel-title', 'aria-describedby': 'cancel-text', class: 'confirm' },
      h('h2', { id: 'cancel-title' }, title),
      h(
        'p',
        { id: 'cancel-text' },
        `The session stops at once; its transfers in flight are aborted and the ${bytes(session.bytes_received)} ` +
          'received so far are deleted. This cannot be undone.',
      ),
      h('div', { class: 'actions' }, keep, cancel),
    );
    const close = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    keep.addEventListener('click', () => close(false));
    cancel.addEventListener('click', () => close(true));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    keep.focus();
  });
