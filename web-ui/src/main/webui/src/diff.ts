import { h } from './dom';

export type DiffLine = { change: 'same' | 'removed' | 'added'; text: string };

/** Above this many line pairs the longest-common-subsequence table is not worth its memory: show old, then new. */
const MAX_CELLS = 400_000;

/**
 * A line diff from `before` to `after` (longest common subsequence of lines): unchanged lines, removed lines and
 * added lines in reading order, removals before additions where both replace the same place.
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  if (a.length * b.length > MAX_CELLS) {
    return [...a.map((text) => line('removed', text)), ...b.map((text) => line('added', text))];
  }
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..]
  const width = b.length + 1;
  const common = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i * width + j] = a[i] === b[j]
        ? common[(i + 1) * width + j + 1] + 1
        : Math.max(common[(i + 1) * width + j], common[i * width + j + 1]);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push(line('same', a[i]));
      i++;
      j++;
    } else if (common[(i + 1) * width + j] >= common[i * width + j + 1]) {
      lines.push(line('removed', a[i++]));
    } else {
      lines.push(line('added', b[j++]));
    }
  }
  while (i < a.length) lines.push(line('removed', a[i++]));
  while (j < b.length) lines.push(line('added', b[j++]));
  return lines;
}

/**
 * The diff as a list a screen reader can follow: each changed line says "removed" or "added" in words (hidden
 * visually, where the − / + sign and the colour say it), so the change is never told by colour alone.
 */
export function renderDiff(lines: DiffLine[], label: string): HTMLElement {
  const removed = lines.filter((l) => l.change === 'removed').length;
  const added = lines.filter((l) => l.change === 'added').length;
  return h('figure', { class: 'diff' },
    h('figcaption', { class: 'diff-caption' }, label, ' ',
      h('span', { class: 'diff-count diff-count-removed' }, `−${removed}`), ' ',
      h('span', { class: 'diff-count diff-count-added' }, `+${added}`),
      h('span', { class: 'sr-only' }, ` (${plural(removed, 'line')} removed, ${plural(added, 'line')} added)`)),
    h('ol', { class: 'diff-lines', tabindex: 0, 'aria-label': label },
      ...lines.map((l) => h('li', { class: `diff-line diff-${l.change}` },
        h('span', { class: 'diff-sign', 'aria-hidden': 'true' }, SIGNS[l.change]),
        l.change === 'same' ? null : h('span', { class: 'sr-only' }, `${l.change}: `),
        h('span', { class: 'diff-text' }, l.text || ' ')))));
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const SIGNS: Record<DiffLine['change'], string> = { same: ' ', removed: '−', added: '+' };

function line(change: DiffLine['change'], text: string): DiffLine {
  return { change, text };
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
