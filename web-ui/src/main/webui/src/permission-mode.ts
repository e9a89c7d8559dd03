import { h } from './dom';

export type PermissionMode = 'default' | 'acceptEdits' | 'plan' | 'bypassPermissions';

/** What the agent does in each mode, as the chat's status says it. */
export const MODE_STATUS: Record<PermissionMode, string> = {
  default: 'Asks before acting',
  acceptEdits: 'Edits without asking',
  plan: 'Plans only',
  bypassPermissions: 'Runs everything',
};

const MODE_CHOICE: Record<PermissionMode, string> = {
  default: 'Ask before acting',
  acceptEdits: 'Edit without asking',
  plan: 'Plan only',
  bypassPermissions: 'Run everything',
};

const MODES = Object.keys(MODE_STATUS) as PermissionMode[];

export function isPermissionMode(value: unknown): value is PermissionMode {
  return typeof value === 'string' && (MODES as string[]).includes(value);
}

/**
 * The session's permission mode in the chat header: a select that asks the gateway to switch
 * (`set_permission_mode`) and a line saying the mode in force. Both follow the status frames only: a choice the
 * gateway refuses falls back to the mode it reports. Hidden until a status frame names a mode.
 */
export class PermissionModeControl {
  readonly select: HTMLSelectElement;
  readonly status: HTMLElement;
  private current: PermissionMode | null = null;
  private bypassAllowed = false;

  constructor(private readonly send: (frame: object) => boolean) {
    this.select = h('select', { class: 'permission-mode', 'aria-label': 'Permission mode', hidden: true, onchange: () => this.choose() });
    this.status = h('span', { class: 'permission-mode-status', role: 'status', hidden: true });
    this.fillOptions();
  }

  /** From a status frame: its `permissionMode` and `bypassAllowed` (either may be missing). */
  update(mode: unknown, bypassAllowed: unknown): void {
    if (typeof bypassAllowed === 'boolean' && bypassAllowed !== this.bypassAllowed) {
      this.bypassAllowed = bypassAllowed;
      this.fillOptions();
    }
    if (!isPermissionMode(mode)) return;
    if (mode !== this.current) {
      this.current = mode;
      this.status.textContent = MODE_STATUS[mode];
      this.status.dataset.mode = mode;
      this.fillOptions();
    }
    this.select.value = mode;
    this.select.hidden = false;
    this.status.hidden = false;
  }

  /** The gateway refused a switch (or it could not be sent): show the mode still in force. */
  refused(): void {
    if (this.current) this.select.value = this.current;
  }

  private choose(): void {
    const mode = this.select.value;
    if (!isPermissionMode(mode) || mode === this.current) return;
    if (!this.send({ type: 'set_permission_mode', mode })) this.refused();
  }

  /** bypassPermissions is offered only where the gateway allows it (or when it is already the mode). */
  private fillOptions(): void {
    const offered = MODES.filter((m) => m !== 'bypassPermissions' || this.bypassAllowed || this.current === m);
    const chosen = this.select.value;
    this.select.replaceChildren(...offered.map((m) => h('option', { value: m }, MODE_CHOICE[m])));
    this.select.value = offered.includes(chosen as PermissionMode) ? chosen : this.current ?? 'default';
  }
}
