import { MiladyError } from "../../src-shared/protocol";
import type { DesktopControl } from "../server";

/** How long a focus request waits for the window layer to come up (it starts right after the server). */
const ATTACH_WAIT_MS = 15_000;

/**
 * The server's route to the desktop layer. The server starts first and the desktop layer
 * after it, so a second launch that arrives in between waits here (bounded) for the layer
 * to attach instead of being told there is no window.
 */
export class DesktopLink implements DesktopControl {
  private target: DesktopControl | undefined;
  private waiters: Array<() => void> = [];

  constructor(private readonly waitMs = ATTACH_WAIT_MS) {}

  attach(target: DesktopControl): void {
    this.target = target;
    for (const wake of this.waiters.splice(0)) wake();
  }

  detach(): void {
    this.target = undefined;
  }

  async focus(link: string | undefined): Promise<"opened" | "ignored" | "none"> {
    if (!this.target) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        timer = setTimeout(resolve, this.waitMs);
      });
      clearTimeout(timer);
    }
    if (!this.target) throw new MiladyError("not_found", "the desktop window is not up (yet, or any more)");
    return this.target.focus(link);
  }
}
