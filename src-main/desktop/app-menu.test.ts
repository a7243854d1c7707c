import { describe, expect, test } from "bun:test";
import { aboutText, appMenu } from "./app-menu";
import { findItem } from "./testing/fake-shell";

const idle = { busy: false };

describe("application menu", () => {
  test("Milady, Edit and View; Edit is native roles", () => {
    const menu = appMenu({ devBuild: false, updates: idle });
    expect(menu.map((m) => ("label" in m ? m.label : "-"))).toEqual(["Milady", "Edit", "View"]);
    const app = findItem(menu, "Milady")!.submenu!;
    const actions = app.flatMap((i) => ("action" in i && i.action ? [i.action] : []));
    expect(actions).toEqual(["about", "check-updates", "settings", "reset-window", "agent-restart", "quit"]);
    const edit = findItem(menu, "Edit")!.submenu!;
    expect(edit.flatMap((i) => ("role" in i && i.role ? [i.role] : []))).toEqual([
      "undo",
      "redo",
      "cut",
      "copy",
      "paste",
      "selectAll",
    ]);
    expect(edit.every((i) => !("action" in i) || i.action === undefined)).toBe(true);
  });

  test("View: reload and zoom; developer tools only in a development build", () => {
    const view = (devBuild: boolean) =>
      findItem(appMenu({ devBuild, updates: idle }), "View")!.submenu!.flatMap((i) =>
        "action" in i && i.action ? [i.action] : [],
      );
    expect(view(false)).toEqual(["reload", "zoom-in", "zoom-out", "zoom-reset"]);
    expect(view(true)).toEqual(["reload", "zoom-in", "zoom-out", "zoom-reset", "dev-tools"]);
  });

  test("Restart Agent follows what the agent's state allows", () => {
    expect(findItem(appMenu({ devBuild: false, updates: idle }), "agent-restart")?.enabled).toBe(true);
    const starting = appMenu({ devBuild: false, updates: idle, canRestartAgent: false });
    expect(findItem(starting, "agent-restart")?.enabled).toBe(false);
  });

  test("About carries the versions a bug report needs", () => {
    expect(aboutText({ milady: "0.1.0", elizaos: "1.7.2", bun: "1.4.4" })).toEqual({
      title: "Milady 0.1.0",
      body: "elizaOS 1.7.2 · Bun 1.4.4",
    });
  });

  test("Check for Updates follows the update state here too", () => {
    expect(findItem(appMenu({ devBuild: false, updates: { busy: true } }), "check-updates")?.enabled).toBe(false);
    const ready = appMenu({ devBuild: false, updates: { busy: false, readyVersion: "1.2.3" } });
    expect(findItem(ready, "restart-to-update")?.label).toBe("Restart to Update (1.2.3)");
  });
});
