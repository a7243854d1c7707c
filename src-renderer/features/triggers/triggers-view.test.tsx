import "../../testing/happy-dom";
import { afterAll, describe, expect, test } from "bun:test";
import { conversationsContract, triggersContract } from "../../../src-shared/contracts";
import type { Trigger, TriggerRun } from "../../../src-shared/protocol/triggers";
import { createApiClient } from "../../api/client";
import { applyTriggerRun, setApi, useTriggersStore } from "../../stores";
import { domForThisFile } from "../../testing/happy-dom";
import { startScriptedServer, wireError } from "../../testing/scripted-server";
import { EMPTY_FORM, triggerBody, validateTriggerForm } from "./trigger-form";
import { TriggersView } from "./triggers-view";

const { act, fireEvent, render, waitFor, within } = await import("@testing-library/react");

domForThisFile();
const srv = startScriptedServer();
afterAll(() => srv.stop());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));

const NOW = Date.parse("2026-06-01T08:00:00Z");
let triggers: Trigger[] = [
  {
    id: "t1",
    name: "Morning summary",
    kind: "cron",
    cron: "0 9 * * *",
    prompt: "Summarise my day",
    enabled: true,
    createdAt: NOW,
    runs: 1,
    nextRunAt: NOW + 3_600_000,
  },
];
const runs: TriggerRun[] = [
  { id: "r1", triggerId: "t1", startedAt: NOW - 1000, endedAt: NOW, status: "ok", reply: "Echo: Summarise my day" },
  {
    id: "r0",
    triggerId: "t1",
    startedAt: NOW - 9000,
    endedAt: NOW - 9000,
    status: "skipped",
    error: "the agent is paused",
  },
];
srv.on(triggersContract.routes.list, () => ({ triggers }));
srv.on(triggersContract.routes.runs, () => ({ runs }));
srv.on(conversationsContract.routes.list, () => ({
  conversations: [{ id: "c1", title: "Daily", createdAt: NOW, updatedAt: NOW }],
}));
srv.on(triggersContract.routes.update, async (req, { id }) => {
  const body = (await req.json()) as { enabled: boolean };
  triggers = triggers.map((t) =>
    t.id === id ? { ...t, enabled: body.enabled, nextRunAt: body.enabled ? NOW + 1000 : undefined } : t,
  );
  return triggers.find((t) => t.id === id)!;
});
srv.on(triggersContract.routes.create, async (req) => {
  const body = (await req.json()) as { name: string; intervalMs?: number };
  if (body.intervalMs === 600_000 && body.name === "bad conv") {
    return wireError("not_found", "there is no conversation c9", 404);
  }
  const created: Trigger = {
    id: "t2",
    name: body.name,
    kind: "interval",
    intervalMs: body.intervalMs,
    prompt: "p",
    enabled: true,
    createdAt: NOW,
    runs: 0,
    nextRunAt: NOW + 600_000,
  };
  triggers = [...triggers, created];
  return created;
});
srv.on(triggersContract.routes.remove, (_req, { id }) => {
  triggers = triggers.filter((t) => t.id !== id);
  return { deleted: true as const };
});
srv.on(triggersContract.routes.run, () => ({
  id: "r2",
  triggerId: "t1",
  startedAt: NOW,
  endedAt: NOW + 5,
  status: "ok" as const,
  reply: "Echo: now",
}));

describe("the trigger form", () => {
  test("checks each kind before asking the server", () => {
    expect(validateTriggerForm(EMPTY_FORM)).toMatchObject({ name: expect.any(String), prompt: expect.any(String) });
    const base = { ...EMPTY_FORM, name: "n", prompt: "p" };
    expect(validateTriggerForm({ ...base, everyMinutes: "0.1" }).everyMinutes).toContain("10 seconds");
    expect(validateTriggerForm({ ...base, kind: "once", at: "2026-01-01T00:00" }, NOW).at).toContain("passed");
    expect(validateTriggerForm({ ...base, kind: "cron", cron: "every day" }).cron).toContain("Five fields");
    expect(validateTriggerForm({ ...base, maxRuns: "0" }).maxRuns).toBeDefined();
    expect(validateTriggerForm(base)).toEqual({});
    expect(triggerBody({ ...base, everyMinutes: "10", maxRuns: "3", conversationId: "c1" })).toEqual({
      name: "n",
      kind: "interval",
      intervalMs: 600_000,
      prompt: "p",
      maxRuns: 3,
      conversationId: "c1",
    });
  });
});

describe("TriggersView", () => {
  test("lists triggers with next run; toggle, history, run now, and /ws runs update the list", async () => {
    useTriggersStore.setState({ triggers: [], runs: {}, loaded: false });
    const view = render(<TriggersView />);
    const row = within(await view.findByTestId("trigger-t1"));
    expect(row.getByText("Morning summary")).toBeTruthy();
    expect(row.getByText(/cron 0 9 \* \* \*/)).toBeTruthy();

    fireEvent.click(row.getByRole("switch", { name: "Morning summary enabled" }));
    await row.findByText("off");
    expect(srv.requests.some((r) => r.method === "PATCH" && r.path === "/api/triggers/t1")).toBe(true);

    fireEvent.click(row.getByRole("button", { name: "History" }));
    await row.findByText("Echo: Summarise my day");
    expect(row.getByText("the agent is paused")).toBeTruthy();
    expect(row.getByText("skipped")).toBeTruthy();

    act(() =>
      applyTriggerRun({
        run: {
          id: "r3",
          triggerId: "t1",
          startedAt: NOW + 5,
          endedAt: NOW + 6,
          status: "error",
          error: "model failed",
        },
        trigger: { ...triggers[0]!, runs: 2 },
      }),
    );
    await row.findByText("model failed");
    expect(row.getByText(/2 runs/)).toBeTruthy();

    fireEvent.click(row.getByRole("button", { name: "Run now" }));
    await waitFor(() => expect(srv.requests.some((r) => r.path === "/api/triggers/t1/run")).toBe(true));
    // Every control is a 44 px touch target at least.
    for (const button of row.getAllByRole("button")) expect(button.className).toContain("min-h-11");
  });

  test("the form shows errors inline, from its own checks and from the server; a good one is added", async () => {
    const view = render(<TriggersView />);
    await view.findAllByTestId("trigger-t1");
    fireEvent.click(view.getAllByRole("button", { name: "Add trigger" })[0]!);
    expect((await view.findAllByText("Give it a name.")).length).toBeGreaterThan(0);

    const name = view.getAllByLabelText("Name")[0] as HTMLInputElement;
    const prompt = view.getAllByLabelText("Prompt")[0] as HTMLTextAreaElement;
    const every = view.getAllByLabelText("Every (minutes)")[0] as HTMLInputElement;
    fireEvent.change(name, { target: { value: "bad conv" } });
    fireEvent.change(prompt, { target: { value: "p" } });
    fireEvent.change(every, { target: { value: "10" } });
    fireEvent.click(view.getAllByRole("button", { name: "Add trigger" })[0]!);
    // The server's not_found about the conversation lands under the conversation picker.
    expect((await view.findAllByText("there is no conversation c9")).length).toBeGreaterThan(0);

    fireEvent.change(name, { target: { value: "ten minutes" } });
    fireEvent.click(view.getAllByRole("button", { name: "Add trigger" })[0]!);
    await waitFor(() => expect(useTriggersStore.getState().triggers.some((t) => t.name === "ten minutes")).toBe(true));

    fireEvent.click(within(view.getAllByTestId("trigger-t2")[0]!).getByRole("button", { name: "Delete" }));
    const dialog = await view.findByRole("dialog");
    fireEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(useTriggersStore.getState().triggers.some((t) => t.id === "t2")).toBe(false));
    expect(srv.requests.some((r) => r.method === "DELETE" && r.path === "/api/triggers/t2")).toBe(true);
  });
});
