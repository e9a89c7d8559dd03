// A tiny DOM builder: h('div', {class: 'x', onclick: fn}, 'text', child)
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value as EventListener);
    } else if (key === 'class') {
      el.className = String(value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value as Record<string, string>);
    } else if (key in el && typeof value !== 'string') {
      (el as unknown as Record<string, unknown>)[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function icon(name: 'plus' | 'repo' | 'terminal' | 'chat' | 'stop' | 'chevron' | 'collapse' | 'expand' | 'branch' | 'trash' | 'logo' | 'menu' | 'cost'): SVGSVGElement {
  const paths: Record<string, string> = {
    plus: 'M8 3v10M3 8h10',
    repo: 'M4 2h8a1 1 0 0 1 1 1v10H5a1 1 0 0 1-1-1zM4 12a1 1 0 0 1 1-1h8',
    terminal: 'M3 5l3 3-3 3M8 11h5',
    chat: 'M2 4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H7l-3 3v-3H3a1 1 0 0 1-1-1z',
    stop: 'M4 4h8v8H4z',
    chevron: 'M6 4l4 4-4 4',
    collapse: 'M10 4L6 8l4 4',
    expand: 'M6 4l4 4-4 4',
    branch: 'M5 3v10M5 9c0-3 6-1 6-5M11 3v1',
    trash: 'M3 4h10M6 4V3h4v1M5 4l1 9h4l1-9',
    logo: 'M3 5l3 3-3 3M8 11h5',
    menu: 'M2 4h12M2 8h12M2 12h12',
    cost: 'M8 2v12M11 4.5C10.4 3.6 9.3 3 8 3 6.3 3 5 4 5 5.3S6.3 7.4 8 8s3 1.2 3 2.6S9.7 13 8 13c-1.4 0-2.6-.7-3.1-1.7',
  };
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('class', `icon icon-${name}`);
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', paths[name]);
  svg.append(path);
  return svg;
}
