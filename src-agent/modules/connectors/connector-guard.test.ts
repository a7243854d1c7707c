import { describe, expect, test } from "bun:test";
import type { IAgentRuntime, Plugin } from "@elizaos/core";
import { guardConnectorPlugin } from "./connector-guard";
import { ExtensionState } from "./extension-state";

// The guard around a connector plugin, with fake plugins that behave like the real ones do when
// they cannot connect (a start that never settles, a start that throws) and a scripted token check.
const log = { debug() {}, info() {}, warn() {}, error() {} } as never;
const runtime = (settings: Record<string, string>) =>
  ({
    getSetting: (k: string) => settings[k] ?? null,
    setSetting: (k: string, v: string) => {
      settings[k] = v;
    },
  }) as unknown as IAgentRuntime;

function fakePlugin(start: () => Promise<unknown>, calls: string[]): Plugin {
  return {
    name: "telegram",
    description: "fake connector",
    services: [
      {
        serviceType: "telegram",
        start: async () => {
          calls.push("start");
          return start();
        },
      } as never,
    ],
  };
}

const ok = async () => ({ result: "ok" as const, message: "Connected as @bot", botName: "@bot" });

describe("connector guard", () => {
  test("a rejected token: the plugin's service never starts; failed with the reason", async () => {
    const state = new ExtensionState();
    const calls: string[] = [];
    const guarded = guardConnectorPlugin(
      fakePlugin(async () => ({}), calls),
      {
        id: "telegram",
        state,
        log,
        check: async () => ({ result: "rejected", message: "Telegram rejected the token (401 Unauthorized)" }),
      },
    );
    expect(state.connectorState("telegram")?.status).toBe("connecting");
    const service = await guarded.services![0].start(runtime({ TELEGRAM_BOT_TOKEN: "1:bad" }));
    expect(service).toBeTruthy();
    expect(calls).toEqual([]);
    expect(state.connectorState("telegram")).toMatchObject({
      status: "failed",
      reason: expect.stringContaining("401"),
    });
  });

  test("no token: failed, says which setting", async () => {
    const state = new ExtensionState();
    const guarded = guardConnectorPlugin(
      fakePlugin(async () => ({}), []),
      { id: "telegram", state, log, check: ok },
    );
    await guarded.services![0].start(runtime({}));
    expect(state.connectorState("telegram")?.reason).toBe("TELEGRAM_BOT_TOKEN is not set");
  });

  test("a start that never settles is bounded: failed, and the agent's start goes on", async () => {
    const state = new ExtensionState();
    const guarded = guardConnectorPlugin(
      fakePlugin(() => new Promise(() => {}), []),
      {
        id: "telegram",
        state,
        log,
        check: ok,
        startTimeoutMs: 50,
      },
    );
    await guarded.services![0].start(runtime({ TELEGRAM_BOT_TOKEN: "1:good" }));
    expect(state.connectorState("telegram")).toMatchObject({
      status: "failed",
      reason: "Telegram did not finish connecting within 50 ms",
    });
  });

  test("a start that throws is caught; one that works is connected with the bot's name", async () => {
    const state = new ExtensionState();
    const throwing = guardConnectorPlugin(
      fakePlugin(async () => {
        throw new Error("409: Conflict: terminated by other getUpdates request");
      }, []),
      { id: "telegram", state, log, check: ok },
    );
    await throwing.services![0].start(runtime({ TELEGRAM_BOT_TOKEN: "1:good" }));
    expect(state.connectorState("telegram")?.reason).toContain("409: Conflict");

    const calls: string[] = [];
    const settings: Record<string, string> = { TELEGRAM_BOT_TOKEN: "1:good" };
    const working = guardConnectorPlugin(
      fakePlugin(async () => ({ ready: true }), calls),
      {
        id: "telegram",
        state,
        log,
        check: ok,
        apiBase: "http://127.0.0.1:9/double",
      },
    );
    expect((await working.services![0].start(runtime(settings))) as unknown).toEqual({ ready: true });
    expect(state.connectorState("telegram")).toEqual({ id: "telegram", status: "connected", botName: "@bot" });
    // The plugin talks to the same API the check used.
    expect(settings.TELEGRAM_API_ROOT).toBe("http://127.0.0.1:9/double");
  });

  test("Discord-style: connected only once its client is ready", async () => {
    const state = new ExtensionState();
    let ready!: () => void;
    const clientReadyPromise = new Promise<void>((r) => {
      ready = r;
    });
    const guarded = guardConnectorPlugin(
      fakePlugin(async () => ({ clientReadyPromise }), []),
      {
        id: "discord",
        state,
        log,
        check: ok,
      },
    );
    const started = guarded.services![0].start(runtime({ DISCORD_API_TOKEN: "tok" }));
    await Bun.sleep(20);
    expect(state.connectorState("discord")?.status).toBe("connecting");
    ready();
    await started;
    expect(state.connectorState("discord")?.status).toBe("connected");
  });
});
