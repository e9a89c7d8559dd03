import { api, describe, type Me, type Session } from './api';
import { costApi, dollars, usd, type Budget, type BudgetAlert, type BudgetPeriod, type BudgetScope } from './cost-api';
import { h, clear } from './dom';

type BannerState = 'warning' | 'exceeded';

/** What the banner knows of the budget it talks about; amounts are absent for a repository's or the installation's. */
interface Shown { state: BannerState; scope?: BudgetScope; scopeId?: string; period?: BudgetPeriod; spentUsd?: string; limitUsd?: string; percent?: number; message?: string }

const WARNING_SHARE = 0.8;
const PERIOD_TEXT: Record<BudgetPeriod, string> = { total: '', day: ' for today', month: ' for this month' };

/**
 * The session page's budget banner: at 80 % a warning, at 100 % "the agent is paused" with, for the session's owner
 * or an admin, a form that raises the session's budget (PUT /api/budgets). Fed by the update stream's `budget`
 * events, the chat's `budget_exceeded` refusal and the session's cost on opening; cleared by a `lifted` alert, an
 * alert whose spend is back under the threshold, or a successful raise.
 */
export class BudgetBanner {
  readonly element: HTMLElement;
  private shown: Shown | null = null;
  private session: Session | null = null;
  private me: Promise<Me | null> | null = null;

  constructor(private readonly sessionId: string) {
    this.element = h('div', { class: 'budget-banner', role: 'status', 'aria-live': 'polite', hidden: true });
  }

  setSession(session: Session): void {
    this.session = session;
  }

  /** The session's cost as it was on opening: a budget already at 80 % or 100 % shows at once. */
  async load(): Promise<void> {
    try {
      const cost = await costApi.session(this.sessionId);
      this.fromBudget(cost.budget);
    } catch { /* the stream will tell */ }
  }

  /** The amounts of the stop the chat reported, if the budget that stopped it is one this user may see. */
  private async amounts(): Promise<void> {
    try {
      const { budget } = await costApi.session(this.sessionId);
      if (budget?.state === 'exceeded' && this.shown?.state === 'exceeded') this.fromBudget(budget);
    } catch { /* the refusal's words stay */ }
  }

  /** A `budget` event of the session's update stream. */
  alert(alert: BudgetAlert): void {
    if (/lifted/.test(alert.eventType ?? '') || alert.state === 'lifted') {
      this.hide();
      return;
    }
    const spent = alert.spentUsd;
    const limit = alert.budget?.limitUsd;
    let state: BannerState | null = /exceeded/.test(alert.eventType ?? '') ? 'exceeded' : 'warning';
    let percent = alert.thresholdPercent;
    if (spent !== undefined && limit !== undefined && usd(limit) > 0) {
      const share = usd(spent) / usd(limit);
      percent = Math.floor(share * 100);
      // a spend under the (possibly raised) limit is no stop; under 80 % no warning either
      state = share >= 1 ? 'exceeded' : share >= WARNING_SHARE ? 'warning' : null;
    }
    if (!state) {
      this.hide();
      return;
    }
    this.show({ state, scope: alert.budget?.scope, scopeId: alert.budget?.scopeId, period: alert.budget?.period, spentUsd: spent, limitUsd: limit, percent });
  }

  /** The chat refused a message with `budget_exceeded`: the stop is shown even if its alert was missed. */
  refused(message: string): void {
    if (this.shown?.state !== 'exceeded') this.show({ ...this.shown, state: 'exceeded', message });
    void this.amounts();
  }

  private fromBudget(budget: Budget | undefined): void {
    if (!budget || budget.state === 'ok') {
      if (this.shown && !this.shown.message) this.hide();
      return;
    }
    this.show({ state: budget.state, scope: budget.scope, scopeId: budget.id, period: budget.period, spentUsd: budget.spentUsd, limitUsd: budget.limitUsd,
      percent: usd(budget.limitUsd) > 0 ? Math.floor((usd(budget.spentUsd) / usd(budget.limitUsd)) * 100) : undefined });
  }

  private hide(): void {
    this.shown = null;
    this.element.hidden = true;
    delete this.element.dataset.state;
    clear(this.element);
  }

  private show(shown: Shown): void {
    this.shown = shown;
    clear(this.element);
    this.element.hidden = false;
    this.element.dataset.state = shown.state;
    const which = `${shown.scope === 'session' || !shown.scope ? 'its' : `the ${shown.scope}'s`} ${shown.limitUsd ? `${dollars(usd(shown.limitUsd))} ` : ''}budget${PERIOD_TEXT[shown.period ?? 'total']}`;
    const spent = shown.spentUsd ? ` (${dollars(usd(shown.spentUsd))})` : '';
    if (shown.state === 'warning') {
      this.element.append(h('p', {}, h('strong', {}, 'Budget: '),
        `This session has used ${shown.percent ?? 80} % of ${which}${spent}. At 100 % the agent is paused.`));
      return;
    }
    this.element.append(h('p', {}, h('strong', {}, 'The agent is paused: '),
      shown.limitUsd ? `this session has reached ${which}${spent}.` : `${(shown.message ?? 'the budget is used up').replace(/[.]$/, '')}.`,
      ' Raise the budget to continue; the terminal stays usable.'));
    void this.raiseForm(shown);
  }

  /** The owner may raise their session's budget, an admin any; others are told who can. */
  private async raiseForm(shown: Shown): Promise<void> {
    this.me ??= api.me().catch(() => null);
    const me = await this.me;
    if (this.shown !== shown) return;
    const scope = shown.scope ?? 'session';
    const mine = this.session?.owner === me?.name;
    if (!(me?.admin || (scope === 'session' && mine))) {
      this.element.append(h('p', { class: 'hint' }, scope === 'session' ? 'The session\'s owner or an admin can raise it.' : `An admin can raise the ${scope} budget.`));
      return;
    }
    const suggested = shown.limitUsd ? (Math.ceil(usd(shown.limitUsd) * 1.5 * 100) / 100).toFixed(2) : '';
    const input = h('input', { id: 'budget-raise', name: 'limitUsd', type: 'number', min: '0.01', step: '0.01', required: true, value: suggested, inputmode: 'decimal' });
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    const submit = h('button', { class: 'btn btn-primary', type: 'submit' }, 'Raise budget');
    const form = h('form', {
      class: 'budget-raise inline', onsubmit: async (e: Event) => {
        e.preventDefault();
        error.hidden = true;
        submit.disabled = true;
        try {
          const limit = Number(input.value);
          if (!(limit > 0)) throw new Error('Enter a limit in dollars, above zero');
          const budget = await costApi.setBudget({ scope, id: scope === 'global' ? undefined : shown.scopeId ?? this.sessionId,
            limitUsd: limit.toFixed(2), period: shown.period ?? 'total' });
          this.message(budget);
        } catch (err) {
          error.textContent = `The budget was not raised. ${describe(err)}`;
          error.hidden = false;
        } finally {
          submit.disabled = false;
        }
      },
    }, h('label', { for: 'budget-raise' }, `New ${scope} limit (USD)`), input, submit);
    this.element.append(form, error);
  }

  private message(budget: Budget): void {
    if (budget.state === 'ok' || usd(budget.spentUsd) < usd(budget.limitUsd) * WARNING_SHARE) {
      this.hide();
      return;
    }
    this.fromBudget(budget);
    if (budget.state !== 'exceeded') {
      this.element.append(h('p', { class: 'hint' }, `Raised to ${dollars(usd(budget.limitUsd))}: the agent takes messages again.`));
    }
  }
}
