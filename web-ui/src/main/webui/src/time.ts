export function duration(fromIso: string | null | undefined, toIso?: string | null): string {
  if (!fromIso) return '—';
  const start = Date.parse(fromIso);
  const end = toIso ? Date.parse(toIso) : Date.now();
  let s = Math.max(0, Math.floor((end - start) / 1000));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const hrs = Math.floor(s / 3600); s -= hrs * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  if (d > 0) return `${d}d ${hrs}h`;
  if (hrs > 0) return `${hrs}h ${String(m).padStart(2, '0')}m`;
  return `${m}m ${String(s).padStart(2, '0')}s`;
}

export function started(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  return sameDay
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString([], { month: 'short', day: 'numeric' }) + ' ' + date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Elements with data-since (and optionally data-until) show a live duration, refreshed every second. */
export function startDurationTicker(): void {
  const tick = () => {
    document.querySelectorAll<HTMLElement>('[data-since]').forEach((el) => {
      el.textContent = duration(el.dataset.since, el.dataset.until || null);
    });
  };
  tick();
  setInterval(tick, 1000);
}

export function money(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '$0.00';
  const n = Number(value);
  // four places under a dollar (one turn is often $0.01xx); nothing spent is $0.00
  return Number.isFinite(n) ? `$${n > 0 && n < 1 ? n.toFixed(4) : n.toFixed(2)}` : `$${value}`;
}
