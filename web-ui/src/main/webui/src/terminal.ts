import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import '@xterm/xterm/css/xterm.css';
import { h } from './dom';
import { wsUrl } from './api';

/** Bytes rendered before an ack is sent (the gateway pauses at 256 KiB unacknowledged). */
const ACK_EVERY = 32 * 1024;
const CLOSE_ENDED = 4000;
const FINAL_CLOSES = new Set([CLOSE_ENDED, 4401, 4403, 4404, 1009]);

/**
 * The terminal pane: xterm.js on the terminal WebSocket. Starts at the pane's size (?cols=&rows=), sends input as
 * binary frames, acknowledges output once xterm has rendered it, resizes with the pane, and on a dropped
 * connection blocks input, shows "reconnecting…" and retries with backoff; on re-attach the screen is reset and
 * tmux redraws it.
 */
export class TerminalPane {
  readonly element: HTMLElement;
  private readonly term: Terminal;
  private readonly fit = new FitAddon();
  private readonly overlay: HTMLElement;
  private readonly encoder = new TextEncoder();
  private ws: WebSocket | null = null;
  private attempts = 0;
  private attachedBefore = false;
  private unacked = 0;
  private ackTimer = 0;
  private retryTimer = 0;
  private stopped = false;
  private resizeObserver: ResizeObserver;

  constructor(private readonly sessionId: string, private readonly onEnded: () => void) {
    const host = h('div', { class: 'terminal-host' });
    this.overlay = h('div', { class: 'overlay', role: 'status', hidden: true });
    this.element = h('div', { class: 'terminal-pane' }, host, this.overlay);
    this.term = new Terminal({
      cursorBlink: true,
      fontFamily: 'ui-monospace, SFMono-Regular, "JetBrains Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      lineHeight: 1.15,
      scrollback: 5000,
      allowProposedApi: false,
      theme: {
        background: '#0d1117', foreground: '#e6edf3', cursor: '#2f81f7', selectionBackground: '#264f78',
        black: '#484f58', red: '#ff7b72', green: '#3fb950', yellow: '#d29922', blue: '#58a6ff',
        magenta: '#bc8cff', cyan: '#39c5cf', white: '#b1bac4',
      },
    });
    this.term.loadAddon(this.fit);
    this.term.loadAddon(new WebLinksAddon((_event, uri) => window.open(uri, '_blank', 'noopener')));
    // Ctrl+Shift+C / Ctrl+Shift+V as in desktop terminals (Ctrl+C stays an interrupt)
    this.term.attachCustomKeyEventHandler((e) => {
      if (e.type === 'keydown' && e.ctrlKey && e.shiftKey && e.code === 'KeyC') {
        const selection = this.term.getSelection();
        if (selection) void navigator.clipboard?.writeText(selection);
        return false;
      }
      if (e.type === 'keydown' && e.ctrlKey && e.shiftKey && e.code === 'KeyV') {
        void navigator.clipboard?.readText().then((text) => this.term.paste(text));
        return false;
      }
      return true;
    });
    this.term.onData((data) => this.send(this.encoder.encode(data)));
    this.term.onBinary((data) => this.send(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)));
    this.term.onResize(({ cols, rows }) => this.control({ type: 'resize', cols, rows }));
    this.term.open(host);
    this.resizeObserver = new ResizeObserver(() => requestAnimationFrame(() => this.refit()));
    this.resizeObserver.observe(host);
  }

  /** Call once the pane is in the document (so it has a size). */
  start(): void {
    this.refit();
    this.connect();
  }

  focus(): void {
    this.term.focus();
  }

  refit(): void {
    if (this.element.offsetWidth > 0 && this.element.offsetHeight > 0) {
      try { this.fit.fit(); } catch { /* not rendered yet */ }
    }
  }

  dispose(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.ackTimer);
    this.resizeObserver.disconnect();
    this.ws?.close(1000);
    this.term.dispose();
  }

  private connect(): void {
    if (this.stopped) return;
    const { cols, rows } = this.term;
    const ws = new WebSocket(wsUrl(`/api/sessions/${encodeURIComponent(this.sessionId)}/terminal?cols=${cols}&rows=${rows}`));
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    this.unacked = 0;
    ws.onopen = () => {
      this.attempts = 0;
      if (this.attachedBefore) {
        // tmux redraws the whole screen on attach: start from a clean one
        this.term.reset();
      }
      this.attachedBefore = true;
      this.showOverlay(null);
      this.term.options.disableStdin = false;
      // the size may have changed while connecting
      this.control({ type: 'resize', cols: this.term.cols, rows: this.term.rows });
    };
    ws.onmessage = (event) => {
      if (event.data instanceof ArrayBuffer) {
        const bytes = new Uint8Array(event.data);
        this.term.write(bytes, () => this.rendered(bytes.length));
      } else {
        this.controlMessage(String(event.data));
      }
    };
    ws.onclose = (event) => {
      if (this.ws !== ws || this.stopped) return;
      this.term.options.disableStdin = true;
      if (FINAL_CLOSES.has(event.code)) {
        const reason = event.code === CLOSE_ENDED ? 'This session has ended.'
          : event.code === 4403 ? 'This terminal belongs to someone else.'
          : event.code === 4404 ? 'No such session.'
          : event.code === 4401 ? 'Your login has expired.'
          : event.reason || `Connection closed (${event.code}).`;
        this.showOverlay(reason, false);
        if (event.code === CLOSE_ENDED) this.onEnded();
        return;
      }
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    const delay = Math.min(10_000, 500 * 2 ** this.attempts) * (0.8 + Math.random() * 0.4);
    this.attempts++;
    this.showOverlay('reconnecting…', true);
    this.retryTimer = window.setTimeout(() => this.connect(), delay);
  }

  private rendered(bytes: number): void {
    this.unacked += bytes;
    if (this.unacked >= ACK_EVERY) {
      this.flushAck();
    } else if (!this.ackTimer) {
      this.ackTimer = window.setTimeout(() => this.flushAck(), 20);
    }
  }

  private flushAck(): void {
    clearTimeout(this.ackTimer);
    this.ackTimer = 0;
    if (this.unacked > 0 && this.ws?.readyState === WebSocket.OPEN) {
      this.control({ type: 'ack', bytes: this.unacked });
      this.unacked = 0;
    }
  }

  private controlMessage(text: string): void {
    let message: { type?: string; code?: number; message?: string; mode?: string };
    try { message = JSON.parse(text); } catch { return; }
    if (message.type === 'exit') {
      this.term.write(`\r\n\x1b[2m[process exited with code ${message.code}]\x1b[0m\r\n`);
    } else if (message.type === 'error') {
      this.term.write(`\r\n\x1b[31m${message.message ?? 'terminal error'}\x1b[0m\r\n`);
    } else if (message.type === 'status') {
      this.element.dataset.mode = message.mode ?? '';
    }
  }

  private send(bytes: Uint8Array): void {
    // input is blocked while disconnected: nothing typed into the void
    if (this.ws?.readyState === WebSocket.OPEN && !this.term.options.disableStdin) {
      this.ws.send(bytes);
    }
  }

  private control(message: object): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private showOverlay(text: string | null, spinner = false): void {
    this.overlay.hidden = text === null;
    this.overlay.textContent = '';
    if (text !== null) {
      if (spinner) this.overlay.append(h('span', { class: 'spinner', 'aria-hidden': 'true' }));
      this.overlay.append(h('span', {}, text));
    }
    this.element.classList.toggle('disconnected', text !== null);
  }
}
