import "../../testing/happy-dom";
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { autonomyContract } from "../../../src-shared/contracts";
import { type AutonomyStatus, type AutonomyWake, UI_TABS } from "../../../src-shared/protocol";
import { createApiClient } from "../../api/client";
import { setApi, useAutonomyStore } from "../../stores";
import { envelope } from "../../testing/fixtures";
import { domForThisFile } from "../../testing/happy-dom";
import { startScriptedServer } from "../../testing/scripted-server";
import { FEATURES, featureEvents } from "../registry";
import { AutonomyCard } from "./autonomy-card";

const { act, fireEvent, render, waitFor, within } = await import("@testing-library/react");

domForThisFile();
const srv = startScriptedServer();
afterAll(() => srv.stop());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));

const off = (over: Partial<AutonomyStatus> = {}): AutonomyStatus => ({
  enabled: false,
  intervalMinutes: 30,
  maxModelCallsPerHour: 12,
  callsThisHour: 0,
  running: false,
  history: [],
  ...over,
});
const wake = (over: Partial<AutonomyWake> = {}): AutonomyWake => ({
  id: "w1",
  at: Date.UTC(2026, 0, 2, 9, 30),
  endedAt: Date.UTC(2026, 0, 2, 9, 30, 2),
  status: "ok",
  text: "Echo: I reviewed my notes.",
  modelCalls: 2,
  cause: "manual",
  ...over,
});

beforeEach(() => {
  useAutonomyStore.setState({ status: null, pending: null, failure: null });
  srv.requests.length = 0;
});

describe("Settings > Autonomy", () => {
  test("off by default; the switch, the interval and the cap are saved through PUT /api/autonomy", async () => {
    let status = off();
    srv.on(autonomyContract.routes.status, () => status);
    srv.on(autonomyContract.routes.update, async (req) => {
      status = { ...status, ...((await req.json()) as Partial<AutonomyStatus>) };
      return status;
    });
    const view = render(<AutonomyCard />);
    const card = within(await view.findByTestId("autonomy"));
    expect(view.getByText("Off")).toBeTruthy();
    expect(card.getByText("never")).toBeTruthy();
    const toggle = card.getByRole("switch", { name: "Autonomy loop" }) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    fireEvent.click(toggle);
    await waitFor(() => expect(view.getByText("On")).toBeTruthy());
    const interval = card.getByLabelText("Every (minutes)");
    fireEvent.change(interval, { target: { value: "15" } });
    fireEvent.blur(interval);
    const cap = card.getByLabelText("Model calls per hour, at most");
    fireEvent.change(cap, { target: { value: "0" } });
    expect(card.getByText("a whole number from 1 to 1000")).toBeTruthy();
    fireEvent.blur(cap); // invalid: not saved
    fireEvent.change(cap, { target: { value: "6" } });
    fireEvent.blur(cap);
    await waitFor(() => expect(card.getByTestId("autonomy-calls").textContent).toBe("0 of 6"));
    const puts = srv.requests.filter((r) => r.method === "PUT" && r.path === "/api/autonomy").map((r) => r.body);
    expect(puts).toEqual([{ enabled: true }, { intervalMinutes: 15 }, { maxModelCallsPerHour: 6 }]);
    view.unmount();
  });

  test("Wake now shows the last wake and its result; a heartbeat_event updates calls and the cap", async () => {
    let status = off({ enabled: true, nextWakeAt: Date.UTC(2026, 0, 2, 10, 0) });
    srv.on(autonomyContract.routes.status, () => status);
    srv.on(autonomyContract.routes.wake, () => {
      status = { ...status, callsThisHour: 2, lastWake: wake(), history: [wake()] };
      return wake();
    });
    const view = render(<AutonomyCard />);
    const card = within(await view.findByTestId("autonomy"));
    fireEvent.click(card.getByRole("button", { name: "Wake now" }));
    await card.findByText("Echo: I reviewed my notes.");
    expect(within(card.getByTestId("autonomy-last-wake")).getByText("answered")).toBeTruthy();
    expect(card.getByTestId("autonomy-calls").textContent).toBe("2 of 12");
    expect(srv.requests.some((r) => r.method === "POST" && r.path === "/api/autonomy/wake")).toBe(true);

    const skipped = wake({
      id: "w2",
      status: "skipped",
      text: "skipped: the cap of 12 model calls per hour is reached",
    });
    act(() => {
      for (const set of featureEvents()) {
        set.heartbeat_event?.(
          envelope("heartbeat_event", {
            ...status,
            callsThisHour: 12,
            capResetsAt: Date.UTC(2026, 0, 2, 10, 30),
            lastWake: skipped,
            history: [skipped],
          }) as never,
        );
      }
    });
    expect(card.getByText("skipped")).toBeTruthy();
    expect(card.getByTestId("autonomy-calls").textContent).toContain("12 of 12 (cap reached until");
    view.unmount();
  });

  test("the agent's uiCatalog names the dashboard's tabs as they are", () => {
    expect(UI_TABS.map((t): string[] => [t.id, t.label])).toEqual(FEATURES.map((f) => [f.id, f.label]));
  });
});
