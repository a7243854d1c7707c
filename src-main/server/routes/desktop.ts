import { desktopContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";

/** What the desktop layer does for POST /api/desktop/focus; only the desktop app has one. */
export interface DesktopControl {
  /** Brings the window forward (reopening it when it was closed to the tray) and follows `link` when it is one Milady knows. */
  focus(link: string | undefined): Promise<"opened" | "ignored" | "none">;
}

export function desktopRoutes(deps: { desktop?: DesktopControl } & ContractRouteOptions) {
  return implementRoutes(
    desktopContract,
    {
      focus: async ({ body }) => {
        // Headless: 404, so a second `milady start` keeps its "already running" error instead of a false success.
        if (!deps.desktop) throw new MiladyError("not_found", "this Milady runs headless: it has no window to focus");
        return { focused: true as const, link: await deps.desktop.focus(body.link) };
      },
    },
    deps,
  );
}
