import "../../testing/happy-dom";
import { afterAll, describe, expect, test } from "bun:test";
import { type PluginListEntry, pluginsContract, systemContract } from "../../../src-shared/contracts";
import { createApiClient } from "../../api/client";
import { setApi, usePluginsStore, useStatusStore } from "../../stores";
import { statusFixture } from "../../testing/fixtures";
import { domForThisFile } from "../../testing/happy-dom";
import { startScriptedServer } from "../../testing/scripted-server";
import { PluginsView, pluginState } from "./plugins-view";

const { fireEvent, render, waitFor, within } = await import("@testing-library/react");

domForThisFile();
const srv = startScriptedServer();
afterAll(() => srv.stop());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));

// What the server reports: the status from the last start, `enabled` for the next one.
let plugins: PluginListEntry[] = [
  { name: "@elizaos/plugin-sql", status: "loaded", enabled: true },
  { name: "milady", status: "loaded", enabled: true },
  { name: "plugin-weather", status: "failed", reason: "no API key", enabled: true },
];
srv.on(pluginsContract.routes.list, () => ({ plugins }));
const toggle =
  (enabled: boolean) =>
  (_req: Request, { name }: { name: string }) => {
    plugins = plugins.map((p) => (p.name === name ? { ...p, enabled } : p));
    const disabled = plugins.filter((p) => !p.enabled).map((p) => p.name);
    return { name, enabled, disabled, restartRequired: true };
  };
srv.on(pluginsContract.routes.disable, toggle(false));
// The server's status says a restart is pending while a switch differs from what is loaded.
srv.on(systemContract.routes.status, () => ({
  ...statusFixture(),
  restartPending: plugins.some((p) => p.enabled === (p.status === "disabled")),
  runId: "r",
  seq: 1,
}));
srv.on(pluginsContract.routes.enable, toggle(true));

describe("pluginState", () => {
  test("tells what changes at the next start apart from what is loaded now", () => {
    expect(pluginState({ name: "a", status: "loaded", enabled: false })).toMatchObject({
      badge: "disabled",
      pending: expect.stringContaining("until the agent restarts"),
    });
    expect(pluginState({ name: "a", status: "disabled", enabled: true })).toMatchObject({
      badge: "enabled",
      pending: expect.stringContaining("loads"),
    });
    expect(pluginState({ name: "a", status: "disabled", enabled: false })).toEqual({ badge: "disabled" });
    expect(pluginState({ name: "a", status: "failed", enabled: true })).toMatchObject({ badge: "failed" });
    expect(pluginState({ name: "a", status: "loaded", enabled: true })).toMatchObject({ badge: "loaded" });
    // Installed (or found in a directory) but not loaded yet; kept out by the deny list; refused (a shadow of core).
    expect(pluginState({ name: "a", status: "pending", enabled: true })).toMatchObject({
      badge: "not loaded yet",
      pending: "loads when the agent restarts",
    });
    expect(pluginState({ name: "a", status: "pending", enabled: false })).toEqual({ badge: "disabled" });
    expect(pluginState({ name: "a", status: "denied", enabled: true })).toMatchObject({ badge: "denied" });
    expect(pluginState({ name: "a", status: "refused", enabled: true })).toMatchObject({ badge: "refused" });
  });
});

describe("PluginsView", () => {
  test("a plugin disabled while loaded shows as disabled until restart, and can be enabled again", async () => {
    usePluginsStore.setState({ plugins: [], loaded: false });
    const view = render(<PluginsView />);
    await view.findByTestId("plugin-milady");
    const row = () => within(view.getByTestId("plugin-milady"));
    expect(row().getByText("loaded")).toBeTruthy();
    // Core plugins are not offered a switch.
    expect(
      within(view.getByTestId("plugin-@elizaos/plugin-sql")).queryByRole("button", { name: /Disable|Enable/ }),
    ).toBeNull();
    expect(within(view.getByTestId("plugin-plugin-weather")).getByText("no API key")).toBeTruthy();

    fireEvent.click(row().getByRole("button", { name: "Disable" }));
    await row().findByText(/Restart pending: still loaded until the agent restarts/);
    expect(row().getByText("disabled")).toBeTruthy();
    await waitFor(() => expect(useStatusStore.getState().status?.restartPending).toBe(true));
    expect(srv.requests.some((r) => r.method === "POST" && r.path === "/api/plugins/milady/disable")).toBe(true);

    fireEvent.click(row().getByRole("button", { name: "Enable" }));
    await row().findByText("loaded");
    expect(row().queryByText(/Restart pending/)).toBeNull();
    expect(srv.requests.some((r) => r.path === "/api/plugins/milady/enable")).toBe(true);
  });
});
