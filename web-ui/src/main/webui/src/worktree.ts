import type { Worktree } from './api';
import { h } from './dom';

/** What ending a session would lose: its uncommitted files and unpushed commits (End and Remove dialogs). */
export function unsavedWork(w: Worktree): HTMLElement[] {
  const parts: HTMLElement[] = [];
  if (w.dirtyFiles.length) {
    parts.push(h('h3', {}, `Uncommitted files (${w.dirtyFiles.length})`),
      h('ul', { class: 'file-list dirty-files' }, ...w.dirtyFiles.map((f) => h('li', {}, h('span', { class: 'file-status' }, f.status), ' ', f.path))));
  }
  if (w.unpushedCommits.length) {
    parts.push(h('h3', {}, `Unpushed commits (${w.unpushedCommits.length})`),
      h('ul', { class: 'file-list unpushed-commits' }, ...w.unpushedCommits.map((c) => h('li', {}, h('code', {}, c.sha.slice(0, 8)), ' ', c.subject))));
  }
  if (!w.dirtyFiles.length && !w.unpushedCommits.length) {
    parts.push(h('p', { class: 'ok' }, 'Nothing uncommitted, nothing unpushed.'));
  }
  return parts;
}

/** A modal dialog (Esc and Cancel close it, focus starts on Cancel); removed from the page once closed. */
export function openDialog(id: string, title: string, content: HTMLElement, confirm: HTMLButtonElement): HTMLDialogElement {
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': `${id}-title` });
  const cancel = h('button', { class: 'btn', type: 'button', onclick: () => dialog.close() }, 'Cancel');
  dialog.append(h('h2', { id: `${id}-title` }, title), content, h('div', { class: 'dialog-actions' }, cancel, confirm));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  cancel.focus();
  return dialog;
}
