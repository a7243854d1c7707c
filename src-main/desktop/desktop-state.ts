import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../config";
import type { Rect } from "./shell";
import { isSaneFrame } from "./window-frame";

/**
 * `<state>/desktop.json`: what the desktop app remembers between runs that is not
 * configuration: the window's last frame and which one-time notices were shown. Per state
 * dir, like everything else of a profile. Written atomically; a damaged file is read as empty
 * (the worst case is a centred window and a notice shown again).
 */
export const desktopStatePath = (stateDir: string) => join(stateDir, "desktop.json");

const stateSchema = z.object({
  window: z.unknown().optional(),
  notices: z.record(z.string(), z.boolean()).optional(),
});

export interface DesktopState {
  window?: Rect;
  notices: Record<string, boolean>;
}

/** Saving on every move event would write dozens of times a second while the user drags. */
export const FRAME_SAVE_DEBOUNCE_MS = 400;

export class DesktopStateFile {
  private state: DesktopState;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly path: string,
    private readonly options: { debounceMs?: number; onError?: (message: string) => void } = {},
  ) {
    this.state = this.read();
  }

  private read(): DesktopState {
    try {
      const parsed = stateSchema.safeParse(JSON.parse(readFileSync(this.path, "utf8")));
      if (!parsed.success) return { notices: {} };
      const { window, notices } = parsed.data;
      return { window: isSaneFrame(window) ? pick(window) : undefined, notices: notices ?? {} };
    } catch {
      return { notices: {} };
    }
  }

  get window(): Rect | undefined {
    return this.state.window;
  }

  noticeShown(name: string): boolean {
    return this.state.notices[name] === true;
  }

  /** Remembers the frame; written after the moves and resizes settle. */
  saveFrame(frame: Rect): void {
    if (!isSaneFrame(frame)) return;
    this.state = { ...this.state, window: pick(frame) };
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.options.debounceMs ?? FRAME_SAVE_DEBOUNCE_MS);
  }

  markNotice(name: string): void {
    this.state = { ...this.state, notices: { ...this.state.notices, [name]: true } };
    this.flush();
  }

  /** Writes now (a frame save waiting for its debounce, or at shutdown). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      writeFileAtomic(this.path, `${JSON.stringify(this.state, null, 2)}\n`);
    } catch (error) {
      this.options.onError?.(`could not save ${this.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }
}

function pick({ x, y, width, height }: Rect): Rect {
  return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
}
