import type { MenuItem } from "./shell";
import { updateMenuItems } from "./tray-menu";
import type { UpdateMenuState } from "./update-port";

/** The application menu bar: Milady, Edit, View. Edit is native roles: the OS does undo, copy, paste. */
export function appMenu({
  devBuild,
  updates,
  canRestartAgent = true,
}: {
  devBuild: boolean;
  updates: UpdateMenuState;
  /** What the agent's state allows (agentActionsFor): not while it starts or restarts. */
  canRestartAgent?: boolean;
}): MenuItem[] {
  return [
    {
      label: "Milady",
      submenu: [
        { label: "About Milady", action: "about" },
        { type: "divider" },
        ...updateMenuItems(updates),
        { type: "divider" },
        { label: "Settings…", action: "settings", accelerator: "CommandOrControl+," },
        { label: "Reset Window Position", action: "reset-window" },
        { type: "divider" },
        { label: "Restart Agent", action: "agent-restart", enabled: canRestartAgent },
        { type: "divider" },
        { label: "Quit Milady", action: "quit", accelerator: "CommandOrControl+Q" },
      ],
    },
    {
      label: "Edit",
      submenu: [
        { label: "Undo", role: "undo" },
        { label: "Redo", role: "redo" },
        { type: "divider" },
        { label: "Cut", role: "cut" },
        { label: "Copy", role: "copy" },
        { label: "Paste", role: "paste" },
        { label: "Select All", role: "selectAll" },
      ],
    },
    {
      label: "View",
      submenu: [
        { label: "Reload", action: "reload", accelerator: "CommandOrControl+R" },
        { type: "divider" },
        { label: "Zoom In", action: "zoom-in", accelerator: "CommandOrControl+=" },
        { label: "Zoom Out", action: "zoom-out", accelerator: "CommandOrControl+-" },
        { label: "Actual Size", action: "zoom-reset", accelerator: "CommandOrControl+0" },
        ...(devBuild
          ? ([
              { type: "divider" },
              { label: "Toggle Developer Tools", action: "dev-tools", accelerator: "Alt+CommandOrControl+I" },
            ] satisfies MenuItem[])
          : []),
      ],
    },
  ];
}

/** About Milady: the versions a bug report needs. */
export function aboutText(versions: { milady: string; elizaos: string; bun: string }): { title: string; body: string } {
  return {
    title: `Milady ${versions.milady}`,
    body: `elizaOS ${versions.elizaos} · Bun ${versions.bun}`,
  };
}
