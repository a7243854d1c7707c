import "../../testing/happy-dom";
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import {
  type ConnectorInfo,
  type ConnectorTestResult,
  connectorsContract,
  type McpServerInfo,
} from "../../../src-shared/contracts";
import { createApiClient } from "../../api/client";
import { setApi, useStatusStore } from "../../stores";
import { statusFixture } from "../../testing/fixtures";
import { domForThisFile } from "../../testing/happy-dom";
import { startScriptedServer, wireError } from "../../testing/scripted-server";
import { ConnectorsCard } from "./connectors-card";
import { McpCard, parseEnvLines } from "./mcp-card";

const { fireEvent, render, waitFor, within } = await import("@testing-library/react");

domForThisFile();
const srv = startScriptedServer();
afterAll(() => srv.stop());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));

const telegram = (over: Partial<ConnectorInfo> = {}): ConnectorInfo => ({
  id: "telegram",
  label: "Telegram",
  plugin: "@elizaos/plugin-telegram",
  secrets: { TELEGRAM_BOT_TOKEN: null },
  configured: false,
  enabled: false,
  status: "not_configured",
  ...over,
});
const discord = (): ConnectorInfo => ({
  id: "discord",
  label: "Discord",
  plugin: "@elizaos/plugin-discord",
  secrets: { DISCORD_API_TOKEN: null, DISCORD_APPLICATION_ID: null },
  configured: false,
  enabled: false,
  status: "not_configured",
});

beforeEach(() => {
  srv.requests.length = 0;
  useStatusStore.setState({ status: statusFixture({ state: "running" }) });
});

describe("Settings > Connectors", () => {
  test("save a token (masked field, never shown back), watch the install, then restart is offered", async () => {
    let current = telegram();
    srv.on(connectorsContract.routes.list, () => ({ connectors: [current, discord()] }));
    srv.on(connectorsContract.routes.configure, () => {
      current = telegram({
        configured: true,
        enabled: true,
        secrets: { TELEGRAM_BOT_TOKEN: "12…ef" },
        status: "installing",
        progress: "downloading @elizaos/plugin-telegram",
      });
      return { connector: current, restartRequired: true };
    });
    const view = render(<ConnectorsCard />);
    const row = within(await view.findByTestId("connector-telegram"));
    expect(row.getByText("Not configured")).toBeTruthy();
    const field = row.getByLabelText("TELEGRAM_BOT_TOKEN") as HTMLInputElement;
    expect(field.type).toBe("password");
    expect((row.getByRole("button", { name: "Save" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(field, { target: { value: "123456:secret-value" } });
    fireEvent.click(row.getByRole("button", { name: "Save" }));
    await row.findByText("Installing");
    expect(row.getByRole("status").textContent).toContain("downloading @elizaos/plugin-telegram");
    const put = srv.requests.find((r) => r.method === "PUT" && r.path === "/api/connectors/telegram");
    expect(put?.body).toEqual({ token: "123456:secret-value" });
    expect(field.value).toBe("");
    expect(field.placeholder).toContain("12…ef");
    // The card polls while installing; the install finishes and a restart is offered.
    current = telegram({
      configured: true,
      enabled: true,
      secrets: { TELEGRAM_BOT_TOKEN: "12…ef" },
      status: "restart_required",
      reason: "Saved. Restart the agent to connect.",
      installedVersion: "1.6.4",
    });
    await row.findByText("Restart needed", undefined);
    expect(row.getByRole("button", { name: "Restart agent" })).toBeTruthy();
    expect(row.getByText("@elizaos/plugin-telegram 1.6.4")).toBeTruthy();
    view.unmount();
  });

  test("failed with the reason; Test Connection shows rejected / ok / unreachable", async () => {
    srv.on(connectorsContract.routes.list, () => ({
      connectors: [
        telegram({
          configured: true,
          enabled: true,
          secrets: { TELEGRAM_BOT_TOKEN: "77…en" },
          status: "failed",
          reason: "Telegram rejected the token (401 Unauthorized); copy it again from @BotFather",
        }),
        discord(),
      ],
    }));
    const answers: ConnectorTestResult[] = [
      {
        id: "telegram" as const,
        result: "rejected" as const,
        message: "Telegram rejected the token (401 Unauthorized)",
      },
      { id: "telegram", result: "ok", message: "Connected as @good_bot", botName: "@good_bot" },
    ];
    srv.on(
      connectorsContract.routes.test,
      () =>
        answers.shift() ?? {
          id: "telegram" as const,
          result: "unreachable" as const,
          message: "api.telegram.org is unreachable (ENOTFOUND)",
        },
    );
    const view = render(<ConnectorsCard />);
    const row = within(await view.findByTestId("connector-telegram"));
    expect(row.getByText("Failed")).toBeTruthy();
    expect(row.getByTestId("reason").textContent).toContain("401 Unauthorized");

    fireEvent.click(row.getByRole("button", { name: "Test Connection" }));
    expect((await row.findByTestId("test-result")).textContent).toContain("Token rejected");
    expect(srv.requests.find((r) => r.path === "/api/connectors/telegram/test")?.body).toEqual({});

    fireEvent.change(row.getByLabelText("TELEGRAM_BOT_TOKEN"), { target: { value: "1:new" } });
    fireEvent.click(row.getByRole("button", { name: "Test Connection" }));
    await waitFor(() => expect(row.getByTestId("test-result").textContent).toContain("Connected as @good_bot"));
    expect(srv.requests.filter((r) => r.path === "/api/connectors/telegram/test").at(-1)?.body).toEqual({
      token: "1:new",
    });

    fireEvent.click(row.getByRole("button", { name: "Test Connection" }));
    await waitFor(() => expect(row.getByTestId("test-result").textContent).toContain("Unreachable: api.telegram.org"));
    view.unmount();
  });

  test("a refused save shows the server's message and fix", async () => {
    srv.on(connectorsContract.routes.list, () => ({ connectors: [telegram(), discord()] }));
    srv.on(connectorsContract.routes.configure, () =>
      wireError(
        "validation_failed",
        "applicationId: must be the application's numeric id",
        400,
        "Copy it from General Information.",
      ),
    );
    const view = render(<ConnectorsCard />);
    const row = within(await view.findByTestId("connector-discord"));
    fireEvent.change(row.getByLabelText("DISCORD_API_TOKEN"), { target: { value: "tok" } });
    fireEvent.change(row.getByLabelText("Application ID"), { target: { value: "abc" } });
    fireEvent.click(row.getByRole("button", { name: "Save" }));
    const alert = await row.findByRole("alert");
    expect(alert.textContent).toContain("numeric id");
    expect(alert.textContent).toContain("General Information");
    view.unmount();
  });
});

describe("Settings > MCP servers", () => {
  test("servers with state, reason and tools; adding one sends command, args and env", async () => {
    const memory: McpServerInfo = {
      name: "memory",
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-memory"],
      envKeys: [],
      enabled: true,
      status: "connected",
      tools: [{ name: "read_graph", description: "Read the entire knowledge graph", action: "CALL_MCP_TOOL" }],
    };
    const broken: McpServerInfo = {
      name: "broken",
      command: "nope",
      args: [],
      envKeys: [],
      enabled: true,
      status: "failed",
      reason: 'Executable not found in $PATH: "nope"',
      tools: [],
    };
    srv.on(connectorsContract.routes.mcpList, () => ({
      servers: [memory, broken],
      plugin: { installedVersion: "1.3.5" },
    }));
    srv.on(connectorsContract.routes.mcpSet, () => ({
      servers: [
        memory,
        broken,
        { ...memory, name: "files", status: "restart_required" as const, tools: [], reason: "Saved." },
      ],
      plugin: { installedVersion: "1.3.5" },
    }));
    const view = render(<McpCard />);
    const row = within(await view.findByTestId("mcp-memory"));
    expect(row.getByText("Connected")).toBeTruthy();
    expect(row.getByText("read_graph")).toBeTruthy();
    expect(row.getByText(/Read the entire knowledge graph/)).toBeTruthy();
    const bad = within(view.getByTestId("mcp-broken"));
    expect(bad.getByText("Failed")).toBeTruthy();
    expect(bad.getByText(/Executable not found/)).toBeTruthy();

    fireEvent.change(view.getByLabelText("Name"), { target: { value: "files" } });
    fireEvent.change(view.getByLabelText("Command"), { target: { value: "node" } });
    fireEvent.change(view.getByLabelText("Arguments"), { target: { value: "server.js\n--root\n/tmp" } });
    fireEvent.change(view.getByLabelText("Environment"), { target: { value: "ROOT=/tmp\nMODE=ro" } });
    fireEvent.click(view.getByRole("button", { name: "Add server" }));
    await view.findByTestId("mcp-files");
    const sent = srv.requests.find((r) => r.method === "PUT" && r.path === "/api/mcp/servers/files");
    expect(sent?.body).toEqual({
      command: "node",
      args: ["server.js", "--root", "/tmp"],
      env: { ROOT: "/tmp", MODE: "ro" },
    });
    expect(view.getByRole("button", { name: "Restart agent" })).toBeTruthy();
    view.unmount();
  });

  test("env lines must be KEY=value", () => {
    expect(parseEnvLines("A=1\n\nB=x=y")).toEqual({ env: { A: "1", B: "x=y" } });
    expect(parseEnvLines("A=1\noops").bad).toBe("oops");
  });
});
