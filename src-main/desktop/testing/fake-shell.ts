/**
 * FakeDesktopShell — a test double of the DesktopShell that Electrobun implements in the
 * app. It records what the desktop layer asks of the OS (windows and their frames and
 * URLs, tray menus, icons and tooltips, the application menu, notifications, quits) and
 * lets a test act as the user and the OS: click a menu item, close or move a window, hand
 * the app a URL, plug displays in and out, ask to quit.
 *
 * A click goes through the menu that is on screen: an item that is missing or disabled
 * cannot be clicked, as in the real menus.
 */
import type {
  DesktopShell,
  DisplayArea,
  MenuItem,
  Notification,
  Rect,
  ShellTray,
  ShellUpdater,
  ShellWindow,
  TrayIconState,
  WindowEvent,
  WindowOptions,
} from "../shell";

/** One thing the desktop layer did, in order; `onRecord` sees each as it happens. */
export type ShellRecord =
  | { call: "openWindow"; id: number; title: string; url: string; frame: Rect; preload?: string }
  | { call: "loadUrl"; id: number; url: string }
  | { call: "focus" | "show" | "hide" | "close" | "reload" | "toggleDevTools"; id: number }
  | { call: "setFrame"; id: number; frame: Rect }
  | { call: "setZoom"; id: number; level: number }
  | { call: "createTray"; state: TrayIconState; tooltip: string }
  | { call: "trayMenu"; items: MenuItem[] }
  | { call: "trayIcon"; state: TrayIconState }
  | { call: "trayTooltip"; text: string }
  | { call: "trayRemove" }
  | { call: "appMenu"; items: MenuItem[] }
  | { call: "notify"; title: string; body?: string }
  | { call: "quit" };

export type TimedRecord = ShellRecord & { at: number };

type Listener = () => void;

export class FakeWindow implements ShellWindow {
  readonly loads: string[] = [];
  closed = false;
  hidden = false;
  zoom = 1;
  private current: Rect;
  private readonly listeners = new Map<WindowEvent, Listener[]>();

  constructor(
    readonly id: number,
    readonly options: WindowOptions,
    private readonly record: (r: ShellRecord) => void,
  ) {
    this.current = { ...options.frame };
    this.loads.push(options.url);
  }

  get url(): string {
    return this.loads[this.loads.length - 1]!;
  }

  frame(): Rect {
    return { ...this.current };
  }
  setFrame(frame: Rect): void {
    this.current = { ...frame };
    this.record({ call: "setFrame", id: this.id, frame: { ...frame } });
  }
  show(): void {
    this.hidden = false;
    this.record({ call: "show", id: this.id });
  }
  hide(): void {
    this.hidden = true;
    this.record({ call: "hide", id: this.id });
  }
  focus(): void {
    this.record({ call: "focus", id: this.id });
  }
  close(): void {
    this.record({ call: "close", id: this.id });
    this.destroy();
  }
  loadUrl(url: string): void {
    this.loads.push(url);
    this.record({ call: "loadUrl", id: this.id, url });
  }
  reload(): void {
    this.record({ call: "reload", id: this.id });
  }
  setZoom(level: number): void {
    this.zoom = level;
    this.record({ call: "setZoom", id: this.id, level });
  }
  toggleDevTools(): void {
    this.record({ call: "toggleDevTools", id: this.id });
  }
  on(event: WindowEvent, handler: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), handler]);
  }

  // ---- the user, through the window manager ----

  /** The user clicks the close button: the window is destroyed (Electrobun cannot veto it). */
  userClose(): void {
    this.destroy();
  }
  /** The user drags or resizes it. */
  userMove(frame: Partial<Rect>): void {
    const before = this.current;
    this.current = { ...before, ...frame };
    const resized = before.width !== this.current.width || before.height !== this.current.height;
    this.emit(resized ? "resize" : "move");
  }

  private destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit("close");
  }

  private emit(event: WindowEvent): void {
    for (const handler of this.listeners.get(event) ?? []) handler();
  }
}

export class FakeTray implements ShellTray {
  menu: MenuItem[] = [];
  removed = false;
  private actionHandlers: Array<(action: string) => void> = [];
  private clickHandlers: Listener[] = [];

  constructor(
    public icon: TrayIconState,
    public tooltip: string,
    private readonly record: (r: ShellRecord) => void,
  ) {}

  setMenu(items: MenuItem[]): void {
    this.menu = structuredClone(items);
    this.record({ call: "trayMenu", items: structuredClone(items) });
  }
  setIcon(state: TrayIconState): void {
    this.icon = state;
    this.record({ call: "trayIcon", state });
  }
  setTooltip(text: string): void {
    this.tooltip = text;
    this.record({ call: "trayTooltip", text });
  }
  onAction(handler: (action: string) => void): void {
    this.actionHandlers.push(handler);
  }
  onClick(handler: Listener): void {
    this.clickHandlers.push(handler);
  }
  remove(): void {
    this.removed = true;
    this.record({ call: "trayRemove" });
  }

  /** The user picks an item of the menu on screen, by its action or its label. */
  click(actionOrLabel: string): void {
    const item = findItem(this.menu, actionOrLabel);
    if (!item) throw new Error(`the tray menu has no item "${actionOrLabel}": ${labels(this.menu)}`);
    if (item.enabled === false) throw new Error(`the tray item "${item.label}" is disabled`);
    if (!item.action) throw new Error(`the tray item "${item.label}" does nothing when clicked`);
    for (const handler of this.actionHandlers) handler(item.action);
  }
  /** The user clicks the icon itself. */
  clickIcon(): void {
    for (const handler of this.clickHandlers) handler();
  }
}

type NormalItem = Exclude<MenuItem, { type: "divider" }>;

function flatten(items: readonly MenuItem[]): NormalItem[] {
  return items.flatMap((item) => ("label" in item ? [item, ...flatten(item.submenu ?? [])] : []));
}

export function findItem(items: readonly MenuItem[], actionOrLabel: string): NormalItem | undefined {
  const all = flatten(items);
  return all.find((i) => i.action === actionOrLabel) ?? all.find((i) => i.label === actionOrLabel);
}

function labels(items: readonly MenuItem[]): string {
  return flatten(items)
    .map((i) => `${i.label}${i.enabled === false ? " (disabled)" : ""}`)
    .join(", ");
}

/** An updater that does nothing: the update policy has its own tests and fakes. */
export class FakeUpdater implements ShellUpdater {
  async localInfo() {
    return { version: "0.0.0-test", hash: "test", channel: "dev", baseUrl: "" };
  }
  async check() {
    return { updateAvailable: false, version: "0.0.0-test", hash: "test", error: "" };
  }
  async download(): Promise<void> {}
  ready(): boolean {
    return false;
  }
  async apply(): Promise<void> {}
  onStatus(): void {}
}

export interface FakeShellOptions {
  platform?: NodeJS.Platform;
  devBuild?: boolean;
  displays?: DisplayArea[];
  userDataDir?: string;
  onRecord?: (record: TimedRecord) => void;
}

export class FakeDesktopShell implements DesktopShell {
  readonly platform: NodeJS.Platform;
  readonly devBuild: boolean;
  readonly userDataDir: string;
  readonly updater = new FakeUpdater();
  readonly records: TimedRecord[] = [];
  readonly windows: FakeWindow[] = [];
  readonly trays: FakeTray[] = [];
  readonly notifications: Notification[] = [];
  appMenu: MenuItem[] | undefined;
  quits = 0;
  private displayList: DisplayArea[];
  private nextWindowId = 1;
  private menuHandlers: Array<(action: string) => void> = [];
  private urlHandlers: Array<(url: string) => void> = [];
  private quitHandler: (() => boolean) | undefined;

  constructor(private readonly options: FakeShellOptions = {}) {
    this.platform = options.platform ?? "linux";
    this.devBuild = options.devBuild ?? false;
    this.userDataDir = options.userDataDir ?? "/nonexistent/fake-shell";
    this.displayList = options.displays ?? [{ x: 0, y: 0, width: 1920, height: 1080 }];
  }

  private record = (record: ShellRecord): void => {
    const timed = { ...record, at: Date.now() } as TimedRecord;
    this.records.push(timed);
    this.options.onRecord?.(timed);
  };

  openWindow(options: WindowOptions): ShellWindow {
    const window = new FakeWindow(this.nextWindowId++, structuredClone(options), this.record);
    this.windows.push(window);
    this.record({
      call: "openWindow",
      id: window.id,
      title: options.title,
      url: options.url,
      frame: { ...options.frame },
      preload: options.preload,
    });
    return window;
  }
  displays(): DisplayArea[] {
    return this.displayList.map((d) => ({ ...d }));
  }
  createTray(options: { state: TrayIconState; tooltip: string }): ShellTray {
    const tray = new FakeTray(options.state, options.tooltip, this.record);
    this.trays.push(tray);
    this.record({ call: "createTray", ...options });
    return tray;
  }
  setApplicationMenu(items: MenuItem[]): void {
    this.appMenu = structuredClone(items);
    this.record({ call: "appMenu", items: structuredClone(items) });
  }
  onMenuAction(handler: (action: string) => void): void {
    this.menuHandlers.push(handler);
  }
  notify(notification: Notification): void {
    this.notifications.push({ ...notification });
    this.record({ call: "notify", ...notification });
  }
  onOpenUrl(handler: (url: string) => void): void {
    this.urlHandlers.push(handler);
  }
  onQuitRequested(handler: () => boolean): void {
    this.quitHandler = handler;
  }
  quit(): void {
    this.quits += 1;
    this.record({ call: "quit" });
  }

  // ---- views for assertions ----

  /** The window on screen (the last one opened that is not closed). */
  get window(): FakeWindow | undefined {
    return [...this.windows].reverse().find((w) => !w.closed);
  }
  get tray(): FakeTray {
    const tray = this.trays[this.trays.length - 1];
    if (!tray) throw new Error("no tray was created");
    return tray;
  }
  item(actionOrLabel: string, menu: "tray" | "app" = "tray"): NormalItem | undefined {
    return findItem(menu === "tray" ? this.tray.menu : (this.appMenu ?? []), actionOrLabel);
  }

  // ---- the user and the OS ----

  /** Picks an item of the application menu on screen, by action or label. */
  clickMenu(actionOrLabel: string): void {
    const item = findItem(this.appMenu ?? [], actionOrLabel);
    if (!item) throw new Error(`the application menu has no item "${actionOrLabel}": ${labels(this.appMenu ?? [])}`);
    if (item.enabled === false) throw new Error(`the menu item "${item.label}" is disabled`);
    if (!item.action) throw new Error(`the menu item "${item.label}" is a native role, not an action`);
    for (const handler of this.menuHandlers) handler(item.action);
  }
  /** The OS hands the app a URL (macOS open-url). */
  openUrl(url: string): void {
    for (const handler of this.urlHandlers) handler(url);
  }
  setDisplays(displays: DisplayArea[]): void {
    this.displayList = displays.map((d) => ({ ...d }));
  }
  /** Cmd+Q or the dock's Quit; returns whether the quit went through at once. */
  requestQuit(): boolean {
    return this.quitHandler ? this.quitHandler() : true;
  }
}
