import { explain } from './api';
import { h } from './dom';

/**
 * Shows a refusal where it belongs: next to the field it names (`detail.field`), else in the form's general
 * error line; a branch held by another session links to that session. Clears what an earlier attempt showed.
 */
export function showError(general: HTMLElement, error: unknown, fields: Record<string, HTMLElement | undefined>, prefix = ''): void {
  clearErrors(general, fields);
  const why = explain(error);
  const link = why.sessionId
    ? h('a', { class: 'holder-link', href: `#/sessions/${encodeURIComponent(why.sessionId)}` },
      `Open the session that has ${why.branch ? `'${why.branch}'` : 'it'}`)
    : null;
  const input = why.field ? fields[why.field] : undefined;
  if (input) {
    const id = `${input.id}-error`;
    const message = h('p', { class: 'field-error error', id, role: 'alert' }, why.text, link ? ' ' : null, link);
    input.insertAdjacentElement('afterend', message);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', [id, input.dataset.describedby].filter(Boolean).join(' '));
    input.focus();
    return;
  }
  general.replaceChildren(prefix ? `${prefix} ` : '', why.text, link ? ' ' : '', link ?? '');
  general.hidden = false;
}

export function clearErrors(general: HTMLElement, fields: Record<string, HTMLElement | undefined>): void {
  general.hidden = true;
  general.replaceChildren();
  for (const input of Object.values(fields)) {
    if (!input) continue;
    document.getElementById(`${input.id}-error`)?.remove();
    input.removeAttribute('aria-invalid');
    if (input.dataset.describedby) input.setAttribute('aria-describedby', input.dataset.describedby);
    else input.removeAttribute('aria-describedby');
  }
}
