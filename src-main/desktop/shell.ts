/**
 * The desktop layer's only view of the operating system: a window, a tray icon,
 * an application menu, notifications, the updater and a few paths. The real one
 * (electrobun-shell.ts) wraps Electrobun; tests use FakeDesktopShell
 * (testing/fake-shell.ts), because Electrobun's native runtime cannot run on CI.
 *
 * Everything above this interface (window state, tray items, menus, deep links,
 * update policy) is plain TypeScript over these calls.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One monitor's usable area (without the dock, taskbar or menu bar). */
export type DisplayArea = Rect;

/** A menu entry, the same shape for the tray and the application menu. */
export type MenuItem =
  | { type: "divider" }
  | {
      type?: "normal";
      label: string;
      /** Sent to the menu's action handler on click; omitted for role items and headings. */
      action?: string;
      /** A native role (undo, copy, toggleFullScreen, …): the OS does the work. */
      role?: string;
      enabled?: boolean;
      checked?: boolean;
      accelerator?: string;
      submenu?: MenuItem[];
    };

export interface WindowOptions {
  title: string;
  url: string;
  frame: Rect;
  /**
   * Script the webview runs before the page's own scripts. This is how the window
   * receives the API token: never in the URL, which ends up in history and logs.
   */
  preload?: string;
}

export type WindowEvent = "close" | "move" | "resize" | "focus";

export interface ShellWindow {
  readonly id: number;
  frame(): Rect;
  setFrame(frame: Rect): void;
  show(): void;
  /** Takes the window off screen without destroying it (Quit hides it at once while the agent finishes). */
  hide(): void;
  focus(): void;
  /** Destroys the native window (Electrobun cannot veto a close; close-to-tray reopens a new one). */
  close(): void;
  loadUrl(url: string): void;
  reload(): void;
  setZoom(level: number): void;
  toggleDevTools(): void;
  on(event: WindowEvent, handler: () => void): void;
}

export type TrayIconState = "running" | "stopped" | "paused" | "error" | "busy";

export interface ShellTray {
  setMenu(items: MenuItem[]): void;
  setIcon(state: TrayIconState): void;
  setTooltip(text: string): void;
  onAction(handler: (action: string) => void): void;
  onClick(handler: () => void): void;
  remove(): void;
}

export interface Notification {
  title: string;
  body?: string;
}

/** What Electrobun's Updater does, as the desktop update policy needs it. */
export interface ShellUpdater {
  /** Resources/version.json of the running build: its version, content hash, channel and feed. */
  localInfo(): Promise<{ version: string; hash: string; channel: string; baseUrl: string }>;
  check(): Promise<{ updateAvailable: boolean; version: string; hash: string; error: string }>;
  /** Downloads (patch chain or full archive) and prepares the new version; resolves when ready to apply. */
  download(): Promise<void>;
  /** Whether a downloaded update waits to be applied. */
  ready(): boolean;
  /** Swaps the app and relaunches it; the current process quits. */
  apply(): Promise<void>;
  onStatus(handler: (status: { status: string; message: string; progress?: number }) => void): void;
}

export interface DesktopShell {
  readonly platform: NodeJS.Platform;
  /** A development build (`electrobun dev`, channel `dev`): developer tools on, updates off. */
  readonly devBuild: boolean;
  openWindow(options: WindowOptions): ShellWindow;
  /** The usable area of every connected display, the primary one first; empty when the OS does not say. */
  displays(): DisplayArea[];
  createTray(options: { state: TrayIconState; tooltip: string }): ShellTray;
  setApplicationMenu(items: MenuItem[]): void;
  onMenuAction(handler: (action: string) => void): void;
  notify(notification: Notification): void;
  /** URLs the OS hands the app (`milady://…` on macOS); other platforms pass them as argv. */
  onOpenUrl(handler: (url: string) => void): void;
  /**
   * A quit is about to happen: the OS or the user asked (Cmd+Q, the dock, a signal the native
   * layer caught), or the app's own graceful shutdown is exiting. `handler` returns true to let
   * it go through (the app is already shutting down), false to hold it while it starts the
   * graceful shutdown, whose exit comes back here. Without a handler every quit goes through.
   */
  onQuitRequested(handler: () => boolean): void;
  readonly updater: ShellUpdater;
  /** Where the app keeps its own small state (window frame, notices seen). */
  readonly userDataDir: string;
  /** Ends the native event loop and the process now; the app calls it after its graceful shutdown. */
  quit(): void;
}
