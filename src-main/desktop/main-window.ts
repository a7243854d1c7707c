import type { DesktopStateFile } from "./desktop-state";
import type { DesktopShell, ShellWindow } from "./shell";
import { centredFrame, restoreFrame } from "./window-frame";

const ZOOM_STEPS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const;

export interface MainWindowOptions {
  /** The local server's address; the dashboard is its root page. */
  serverUrl: string;
  preload: string;
  state: DesktopStateFile;
  /** The user closed the window (Electrobun destroys it; the app decides whether to keep running). */
  onClosed(): void;
}

/**
 * The dashboard window. There is at most one; Electrobun cannot veto a close, so "close to
 * tray" means the window is gone and `open()` makes a new one at the remembered frame.
 */
export class MainWindow {
  private window: ShellWindow | undefined;
  private zoom = 1;
  private closing = false;

  constructor(
    private readonly shell: DesktopShell,
    private readonly options: MainWindowOptions,
  ) {}

  get isOpen(): boolean {
    return this.window !== undefined;
  }

  private urlFor(fragment = ""): string {
    return `${this.options.serverUrl}/${fragment}`;
  }

  /** Shows the dashboard (making the window when there is none), optionally at a fragment such as `#/settings`. */
  open(fragment?: string): ShellWindow {
    const existing = this.window;
    if (existing) {
      if (fragment) existing.loadUrl(this.urlFor(fragment));
      existing.show();
      existing.focus();
      return existing;
    }
    const window = this.shell.openWindow({
      title: "Milady",
      url: this.urlFor(fragment),
      preload: this.options.preload,
      frame: restoreFrame(this.options.state.window, this.shell.displays()),
    });
    this.window = window;
    this.zoom = 1;
    const remember = () => {
      if (this.window === window) this.options.state.saveFrame(window.frame());
    };
    window.on("move", remember);
    window.on("resize", remember);
    window.on("close", () => {
      if (this.window !== window) return;
      this.window = undefined;
      // A drag that ended right before the close must not be lost to the debounce.
      if (this.options.state.pending) this.options.state.flush();
      if (!this.closing) this.options.onClosed();
    });
    window.focus();
    return window;
  }

  /** Back to the default size, centred on the primary display (the menu's "Reset Window Position"). */
  resetPosition(): void {
    const frame = centredFrame(this.shell.displays()[0]);
    this.window?.setFrame(frame);
    this.options.state.saveFrame(frame);
    this.options.state.flush();
  }

  reload(): void {
    this.window?.reload();
  }

  zoomBy(direction: -1 | 0 | 1): void {
    const at = ZOOM_STEPS.findIndex((step) => step >= this.zoom - 1e-6);
    const next = direction === 0 ? 1 : ZOOM_STEPS[Math.min(ZOOM_STEPS.length - 1, Math.max(0, at + direction))];
    this.zoom = next ?? 1;
    this.window?.setZoom(this.zoom);
  }

  toggleDevTools(): void {
    this.window?.toggleDevTools();
  }

  /** Quit: off screen at once, while the agent finishes; the process exit removes it. */
  hideForQuit(): void {
    this.closing = true;
    this.window?.hide();
  }
}
