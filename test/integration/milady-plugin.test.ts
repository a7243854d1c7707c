// The Milady plugin against the real main process (real Worker, PGlite, the scripted model test
// double choosing actions by [action]/[param] directives): workspace files, custom actions
// (http against a real local server, message, shell refused then allowed), SEND_MESSAGE into
// another conversation with conversation_update on /ws, TRIGGER_TASK creating a trigger that
// runs, RESTART, and the autonomy loop woken through the API with heartbeat_event on /ws.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type MiladyProcess,
  postJson,
  removeDir,
  startMilady,
  tempStateDir,
  waitForState,
} from "../support/milady-process";
import { testDb } from "../support/test-database";
import { until } from "../support/until";

let milady: MiladyProcess;
let stateDir: string;
let api: ReturnType<typeof Bun.serve>;
const events: any[] = [];
let ws: WebSocket;

beforeAll(async () => {
  api = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: (req) => new Response(`forecast for ${new URL(req.url).searchParams.get("city")}: light rain`),
  });
  stateDir = tempStateDir("milady-plugin-it-");
  const actions = join(stateDir, "workspace", "custom-actions");
  mkdirSync(actions, { recursive: true });
  writeFileSync(join(stateDir, "workspace", "USER.md"), "My name is Ada and I live in Lisbon.");
  writeFileSync(
    join(actions, "forecast.json"),
    JSON.stringify({
      name: "GET_FORECAST",
      description: "The weather forecast for a city",
      kind: "http",
      parameters: { city: { description: "the city" } },
      request: { url: `http://127.0.0.1:${api.port}/forecast?city={{city}}` },
    }),
  );
  writeFileSync(
    join(actions, "whoami.json"),
    JSON.stringify({
      name: "WHO_RUNS",
      description: "Who runs the agent",
      kind: "shell",
      command: ["echo", "run by {{who}}"],
      parameters: { who: { description: "a name" } },
    }),
  );
  writeFileSync(
    join(actions, "broken.json"),
    JSON.stringify({ name: "BROKEN", kind: "http", request: { url: "nope" } }),
  );
  milady = await startMilady({ stateDir });
  ws = new WebSocket(`${milady.url.replace("http", "ws")}/ws`);
  ws.onmessage = (e) => events.push(JSON.parse(String(e.data)));
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
});
afterAll(async () => {
  ws?.close();
  if (milady && milady.proc.exitCode === null) await milady.stop();
  api?.stop(true);
  removeDir(stateDir);
});

async function newConversation(title: string): Promise<string> {
  return (await milady.json("/api/conversations", postJson({ title }))).conversation.id;
}
const say = (conversationId: string, text: string) =>
  milady.json(`/api/conversations/${conversationId}/messages`, postJson({ text }));

describe("the Milady plugin", () => {
  test("first run: the workspace templates exist and the user's own file was kept", async () => {
    for (const name of ["AGENTS.md", "IDENTITY.md", "MEMORY.md"]) {
      expect(readFileSync(join(stateDir, "workspace", name), "utf8")).toStartWith("# ");
    }
    expect(readFileSync(join(stateDir, "workspace", "USER.md"), "utf8")).toBe("My name is Ada and I live in Lisbon.");
    // PGlite lives in workspace/.eliza; with MILADY_TEST_DB=postgres the rows are on the server.
    expect(existsSync(join(stateDir, "workspace", ".eliza"))).toBe(testDb() === "pglite");
    const info = await milady.json("/api/workspace");
    expect(info.files.map((f: any) => f.name)).toEqual(["AGENTS.md", "IDENTITY.md", "USER.md", "MEMORY.md"]);
  });

  test("custom actions: loaded, failed with the field and fix, shell refused while the shell is off", async () => {
    const { plugins } = await milady.json("/api/status");
    const byName = (n: string) => plugins.find((p: any) => p.name === `custom-actions/${n}`);
    expect(byName("forecast.json")).toMatchObject({ status: "loaded", source: "custom" });
    expect(byName("broken.json").status).toBe("failed");
    expect(byName("broken.json").reason).toContain("request.url: must start with http:// or https://");
    expect(byName("broken.json").reason).toContain("description: is missing");
    expect(byName("whoami.json").status).toBe("refused");
    expect(byName("whoami.json").reason).toContain("features.shellEnabled is false");
  });

  test("an http custom action calls the real server and its answer joins the reply", async () => {
    const id = await newConversation("Weather");
    const { reply } = await say(id, "weather please [action GET_FORECAST] [param city=Lisbon]");
    expect(reply.text).toContain("Echo: weather please");
    expect(reply.text).toContain("forecast for Lisbon: light rain");
    const { messages } = await milady.json(`/api/conversations/${id}/messages`);
    expect(messages.at(-1).text).toContain("forecast for Lisbon: light rain");
  });

  test("SEND_MESSAGE puts a message into another conversation, with conversation_update on /ws", async () => {
    const from = await newConversation("From");
    const to = await newConversation("To");
    const { reply } = await say(
      from,
      `tell the other one [action SEND_MESSAGE] [param target=${to}] [param message=Hello from the first chat]`,
    );
    expect(reply.actions).toContain("SEND_MESSAGE");
    const update = await until(
      () =>
        events.find((e) => e.type === "conversation_update" && e.payload.message?.text === "Hello from the first chat"),
      10_000,
      "conversation_update for the sent message",
    );
    expect(update.payload.conversation.id).toBe(to);
    expect(update.payload.message.role).toBe("agent");
    const { messages } = await milady.json(`/api/conversations/${to}/messages`);
    expect(messages.map((m: any) => m.text)).toEqual(["Hello from the first chat"]);
  });

  test("TRIGGER_TASK creates a trigger in main (GET /api/triggers) and it runs into this conversation", async () => {
    const id = await newConversation("Reminders");
    const trigger = JSON.stringify({
      name: "stretch",
      kind: "interval",
      intervalMs: 10_000,
      prompt: "time to stretch",
      maxRuns: 1,
    });
    await say(id, `remind me [action TRIGGER_TASK] [param trigger=${trigger}]`);
    const created = await until(
      async () => (await milady.json("/api/triggers")).triggers.find((t: any) => t.name === "stretch"),
      10_000,
      "the trigger the agent created",
    );
    expect(created).toMatchObject({ kind: "interval", intervalMs: 10_000, conversationId: id, enabled: true });
    const ran = await until(
      async () => (await milady.json(`/api/triggers/${created.id}/runs`)).runs.find((r: any) => r.status === "ok"),
      40_000,
      "the trigger's run",
    );
    expect(ran.reply).toBe("Echo: time to stretch");
    const { messages } = await milady.json(`/api/conversations/${id}/messages`);
    expect(messages.map((m: any) => m.text)).toContain("time to stretch");

    // And runs an existing one by name.
    await say(id, "run it again [action TRIGGER_TASK] [param run=stretch]");
    await until(async () => (await milady.json(`/api/triggers/${created.id}`)).runs === 2, 20_000, "the second run");
  }, 120_000);

  test("an invalid trigger is refused by the agent with the schema's reason", async () => {
    const id = await newConversation("Bad trigger");
    const { reply } = await say(id, `[action TRIGGER_TASK] [param trigger={"name":"x","kind":"weekly","prompt":"p"}]`);
    expect(reply.text).toContain("TRIGGER_TASK: the trigger is not valid (kind:");
  });

  test("autonomy: off by default; a wake through the API answers in its own room, heartbeat_event on /ws", async () => {
    const before = await milady.json("/api/autonomy");
    expect(before).toMatchObject({ enabled: false, callsThisHour: 0, history: [] });
    const on = await milady.json("/api/autonomy", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ enabled: true, intervalMinutes: 60, maxModelCallsPerHour: 5 }),
    });
    expect(on).toMatchObject({ enabled: true, intervalMinutes: 60, maxModelCallsPerHour: 5 });
    expect(on.nextWakeAt).toBeGreaterThan(Date.now());
    expect(JSON.parse(readFileSync(join(stateDir, "milady.json"), "utf8")).autonomy).toMatchObject({
      enabled: true,
      maxModelCallsPerHour: 5,
    });
    const conversationsBefore = (await milady.json("/api/conversations")).conversations.length;

    const wake = await milady.json("/api/autonomy/wake", { method: "POST" });
    expect(wake).toMatchObject({ status: "ok", cause: "manual" });
    expect(wake.text).toContain("Echo: Autonomy wake");
    expect(wake.modelCalls).toBeGreaterThan(0);
    const beat = await until(
      () => events.find((e) => e.type === "heartbeat_event" && e.payload.lastWake?.status === "ok"),
      10_000,
      "heartbeat_event",
    );
    expect(beat.payload.callsThisHour).toBe(wake.modelCalls);
    expect(
      events.some(
        (e) => e.type === "agent_event" && e.payload.kind === "reply_finished" && e.payload.requestId === wake.id,
      ),
    ).toBe(true);
    // Kept in the autonomy history, not in the user's conversations.
    expect((await milady.json("/api/conversations")).conversations.length).toBe(conversationsBefore);
    expect((await milady.json("/api/autonomy")).history[0]).toMatchObject({ id: wake.id, status: "ok" });

    // The cap: wake until it is reached, then the wake is skipped and says so.
    let last = wake;
    for (let i = 0; i < 6 && last.status !== "skipped"; i++)
      last = await milady.json("/api/autonomy/wake", { method: "POST" });
    expect(last.status).toBe("skipped");
    expect(last.text).toContain("the cap of 5 model calls per hour is reached");
    expect((await milady.json("/api/autonomy")).callsThisHour).toBeLessThanOrEqual(5);
  }, 120_000);

  test("RESTART: the reply comes first, then the agent restarts; with the shell on, the shell action loads and runs", async () => {
    const id = await newConversation("Restart");
    const patched = await milady.api("/api/config", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ config: { features: { shellEnabled: true } } }),
    });
    expect(patched.status).toBe(200);
    const startedAt = (await milady.json("/api/status")).startedAt;
    const autonomyBefore = await milady.json("/api/autonomy");
    const { reply } = await say(id, "please restart [action RESTART]");
    expect(reply.text).toBe("Echo: please restart");
    expect(reply.actions).toContain("RESTART");
    await until(async () => (await milady.json("/api/status")).startedAt > startedAt, 60_000, "the restart");
    await waitForState(milady, ["running"], 60_000);
    expect(events.some((e) => e.type === "status" && e.payload.state === "restarting")).toBe(true);
    const { plugins } = await milady.json("/api/status");
    expect(plugins.find((p: any) => p.name === "custom-actions/whoami.json").status).toBe("loaded");
    const { reply: shell } = await say(id, "who? [action WHO_RUNS] [param who=Ada]");
    expect(shell.text).toContain("run by Ada");
    // The autonomy config survived the restart (boot config), and so did the calls counted
    // against the hourly cap (a restart must not buy more) and the wake history.
    const autonomyAfter = await milady.json("/api/autonomy");
    expect(autonomyAfter.enabled).toBe(true);
    expect(autonomyBefore.callsThisHour).toBeGreaterThan(0);
    expect(autonomyAfter.callsThisHour).toBe(autonomyBefore.callsThisHour);
    expect(autonomyAfter.history.map((w: any) => w.id)).toEqual(autonomyBefore.history.map((w: any) => w.id));
  }, 120_000);
});
