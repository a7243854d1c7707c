import "../../testing/happy-dom";
import { afterAll, describe, expect, test } from "bun:test";
import { type PluginInfo, type PluginListEntry, pluginsContract, systemContract } from "../../../src-shared/contracts";
import { createApiClient } from "../../api/client";
import { setApi, usePluginsStore, useUiStore } from "../../stores";
import { statusFixture } from "../../testing/fixtures";
import { domForThisFile } from "../../testing/happy-dom";
import { json, type ScriptedServer, sse, startScriptedServer } from "../../testing/scripted-server";
import { PluginsView } from "./plugins-view";

const { fireEvent, render, waitFor, within } = await import("@testing-library/react");

domForThisFile();
const srv: ScriptedServer = startScriptedServer();
afterAll(() => srv.stop());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));

const NAME = "@elizaos/plugin-weather";
let plugins: PluginListEntry[] = [
  { name: "@elizaos/plugin-sql", status: "loaded", enabled: true, source: "core", version: "1.7.2" },
  {
    name: "plugin-shadow-sql",
    status: "refused",
    reason: "would shadow the core plugin @elizaos/plugin-sql",
    enabled: true,
    source: "custom",
  },
  { name: "plugin-nope", status: "denied", reason: "listed in plugins.deny", enabled: true },
];
let info: PluginInfo = {
  name: NAME,
  version: "1.2.0",
  source: "installed",
  status: "pending",
  enabled: true,
  path: "/state/plugins/installed/node_modules/@elizaos/plugin-weather",
  install: { spec: NAME, version: "1.2.0", path: "/x", installedAt: "2026-12-01T00:00:00Z" },
  parameters: [
    {
      key: "WEATHER_CITY",
      type: "string",
      description: "City",
      required: true,
      secret: false,
      value: null,
      set: false,
    },
    {
      key: "WEATHER_API_KEY",
      type: "string",
      description: "Key",
      required: true,
      secret: true,
      value: "wk_…cdef",
      set: true,
    },
  ],
  warnings: [],
};
let restartPending = false;

// Static routes first: the scripted server, like the real router, takes the first match.
srv.on(pluginsContract.routes.search, (_req, _p, url) => ({
  results: [
    { name: NAME, version: "1.2.0", description: `weather for ${url.searchParams.get("q")}`, installed: false },
    { name: "@elizaos/plugin-mcp", version: "1.3.5", installed: true },
  ],
  registry: "https://registry.npmjs.org",
  mode: "search" as const,
}));
srv.on(pluginsContract.routes.install, async (req) => {
  const body = (await req.json()) as { spec: string };
  plugins = [
    ...plugins,
    { name: body.spec, status: "pending", enabled: true, source: "installed", version: "1.2.0", installed: true },
  ];
  restartPending = true;
  return sse(
    [
      { type: "progress", phase: "resolving", message: `resolving ${body.spec}` },
      { type: "progress", phase: "downloading", message: "downloading plugin-weather-1.2.0.tgz" },
      { type: "progress", phase: "linking", message: "linking Milady's @elizaos/core 1.7.2" },
      {
        type: "done",
        plugin: { name: body.spec, spec: body.spec, version: "1.2.0", path: "/x", installedAt: "t", warnings: [] },
        restartRequired: true,
      },
    ],
    60,
  );
});
srv.on(pluginsContract.routes.list, () => ({ plugins }));
srv.on(pluginsContract.routes.info, () => info);
srv.on(pluginsContract.routes.configure, async (req) => {
  const { values } = (await req.json()) as { values: Record<string, string | null> };
  info = {
    ...info,
    parameters: info.parameters.map((p) =>
      p.key in values
        ? { ...p, set: values[p.key] !== null, value: p.secret ? "new…7890" : (values[p.key] ?? null) }
        : p,
    ),
  };
  return { ...info, restartRequired: true };
});
srv.on(pluginsContract.routes.uninstall, (_req, { name }) => {
  plugins = plugins.filter((p) => p.name !== name);
  return { name, removed: true as const, restartRequired: true };
});
srv.on(systemContract.routes.status, () => ({ ...statusFixture(), restartPending, runId: "r", seq: 1 }));

describe("Plugins tab: search, install, configure, uninstall", () => {
  test("statuses show with their reason and source", async () => {
    usePluginsStore.setState({ plugins: [], loaded: false });
    const view = render(<PluginsView />);
    const refused = within(await view.findByTestId("plugin-plugin-shadow-sql"));
    expect(refused.getByText("refused")).toBeTruthy();
    expect(refused.getByText(/would shadow the core plugin/)).toBeTruthy();
    expect(refused.getByText("custom")).toBeTruthy();
    expect(within(view.getByTestId("plugin-plugin-nope")).getByText("denied")).toBeTruthy();
    expect(within(view.getByTestId("plugin-@elizaos/plugin-sql")).getByText("1.7.2")).toBeTruthy();
    view.unmount();
  });

  test("search, install with a progress line, then the plugin's settings open", async () => {
    usePluginsStore.setState({ plugins: [], loaded: false });
    const view = render(<PluginsView />);
    fireEvent.change(view.getByLabelText("Search npm for elizaOS plugins"), { target: { value: "weather" } });
    fireEvent.click(view.getByRole("button", { name: "Search" }));
    const hit = within(await view.findByTestId(`hit-${NAME}`));
    expect(hit.getByText("weather for weather")).toBeTruthy();
    expect(within(view.getByTestId("hit-@elizaos/plugin-mcp")).getByText("installed")).toBeTruthy();

    fireEvent.click(hit.getByRole("button", { name: "Install" }));
    // npm's progress arrives as one line while it runs.
    await waitFor(() =>
      expect(view.getByTestId("install-progress").textContent).toContain("downloading plugin-weather-1.2.0.tgz"),
    );
    await view.findByTestId(`details-${NAME}`);
    await waitFor(() => expect(view.queryByTestId("install-progress") === null).toBe(true));
    expect(within(view.getByTestId(`plugin-${NAME}`)).getByText("not loaded yet")).toBeTruthy();
    expect(useUiStore.getState().toasts.some((t) => t.text.includes(`Installed ${NAME}@1.2.0`))).toBe(true);
    expect(srv.requests.find((r) => r.path === "/api/plugins/install")?.body).toEqual({ spec: NAME });

    // The secret is a password field that shows only the mask; typing nothing keeps it.
    const details = within(view.getByTestId(`details-${NAME}`));
    const secret = details.getByLabelText("WEATHER_API_KEY *") as HTMLInputElement;
    expect(secret.type).toBe("password");
    expect(secret.value).toBe("");
    expect(details.getByText(/Current: wk_…cdef/)).toBeTruthy();
    fireEvent.change(details.getByLabelText("WEATHER_CITY *"), { target: { value: "Lisbon" } });
    fireEvent.click(details.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(srv.requests.some((r) => r.method === "PUT")).toBe(true));
    expect(srv.requests.find((r) => r.method === "PUT")?.body).toEqual({ values: { WEATHER_CITY: "Lisbon" } });

    fireEvent.change(secret, { target: { value: "new-key-1234567890" } });
    fireEvent.click(details.getByRole("button", { name: "Save settings" }));
    await details.findByText(/Current: new…7890/);
    expect(srv.requests.filter((r) => r.method === "PUT").at(-1)?.body).toEqual({
      values: { WEATHER_API_KEY: "new-key-1234567890" },
    });
    expect(secret.value).toBe("");

    fireEvent.click(details.getByRole("button", { name: "Uninstall" }));
    // (a boolean: printing a DOM node in a failed expect takes seconds under happy-dom)
    await waitFor(() => expect(view.queryByTestId(`plugin-${NAME}`) === null).toBe(true));
    expect(
      srv.requests.some((r) => r.method === "DELETE" && r.path === `/api/plugins/${encodeURIComponent(NAME)}`),
    ).toBe(true);
    view.unmount();
  });

  test("an install error is shown with its fix", async () => {
    srv.routes.set("POST /api/plugins/install", () =>
      json({ error: { code: "not_found", message: "nope: there is no such package", fix: "Check the name" } }, 404),
    );
    usePluginsStore.setState({ plugins: [], loaded: false });
    const view = render(<PluginsView />);
    // A bare word is a search only: installing the npm package "mcp" would be a mistake.
    fireEvent.change(view.getByLabelText("Search npm for elizaOS plugins"), { target: { value: "mcp" } });
    expect(view.queryByRole("button", { name: "Install mcp" })).toBeNull();
    fireEvent.change(view.getByLabelText("Search npm for elizaOS plugins"), { target: { value: "nope-plugin" } });
    fireEvent.click(view.getByRole("button", { name: "Install nope-plugin" }));
    await waitFor(() =>
      expect(
        useUiStore.getState().toasts.some((t) => t.text.includes("no such package") && t.fix === "Check the name"),
      ).toBe(true),
    );
    view.unmount();
  });
});
