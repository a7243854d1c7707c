import "../../testing/happy-dom";
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { configContract, updatesContract } from "../../../src-shared/contracts";
import type { UpdateStatus } from "../../../src-shared/protocol/updates";
import { createApiClient } from "../../api/client";
import { setApi, useUpdatesStore } from "../../stores";
import { configViewFixture, envelope } from "../../testing/fixtures";
import { domForThisFile } from "../../testing/happy-dom";
import { startScriptedServer, wireError } from "../../testing/scripted-server";
import { featureEvents } from "../registry";
import { UpdatesCard } from "./updates-card";

const { act, fireEvent, render, waitFor, within } = await import("@testing-library/react");

domForThisFile();
const srv = startScriptedServer();
afterAll(() => srv.stop());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));

const headless = (over: Partial<UpdateStatus> = {}): UpdateStatus => ({
  backend: "headless",
  state: "available",
  current: "0.1.0",
  channel: "stable",
  configuredChannel: "stable",
  mode: "auto",
  available: { version: "0.2.0" },
  message: 'Milady 0.2.0 is available on stable: install it with "milady update" in a terminal, then restart Milady',
  lastCheckAt: Date.UTC(2026, 0, 2, 9, 30),
  canApply: false,
  applyCommand: "milady update",
  ...over,
});
const desktop = (over: Partial<UpdateStatus> = {}): UpdateStatus => ({
  ...headless(),
  backend: "desktop",
  applyCommand: undefined,
  message: undefined,
  ...over,
});

/** Pushes an update_status as /ws would, through the features' own handlers. */
function push(status: UpdateStatus) {
  for (const set of featureEvents()) set.update_status?.(envelope("update_status", status) as never);
}

beforeEach(() => {
  useUpdatesStore.setState({ status: null, pending: null, failure: null });
  srv.requests.length = 0;
});

describe("Settings > Updates", () => {
  test("headless: version, last check, what was found, `milady update` instead of a restart; Check now asks the server", async () => {
    let status = headless({
      state: "idle",
      available: undefined,
      message: "npm has not been asked about stable yet",
      lastCheckAt: undefined,
    });
    srv.on(updatesContract.routes.status, () => status);
    srv.on(updatesContract.routes.check, () => {
      status = headless();
      return status;
    });
    const view = render(<UpdatesCard />);
    const card = within(await view.findByTestId("updates"));
    expect(card.getByText("0.1.0")).toBeTruthy();
    expect(card.getByText("never")).toBeTruthy();
    expect(view.getByText("Not checked yet")).toBeTruthy();
    expect(card.getByTestId("update-command").textContent).toContain("milady update");
    fireEvent.click(card.getByRole("button", { name: "Check now" }));
    await card.findByText("0.2.0");
    expect(view.getByText("Update available")).toBeTruthy();
    expect(card.queryByRole("button", { name: "Restart to update" })).toBeNull();
    expect(card.queryByRole("button", { name: /Download/ })).toBeNull();
    expect(srv.requests.some((r) => r.method === "POST" && r.path === "/api/updates/check")).toBe(true);
    view.unmount();
  });

  test("channel and mode are saved to the config; the answer shows them", async () => {
    let status = headless();
    srv.on(updatesContract.routes.status, () => status);
    srv.on(configContract.routes.patch, async (req) => {
      const body = (await req.json()) as { config: { updates: Partial<UpdateStatus> } };
      const { channel, mode } = body.config.updates;
      status = {
        ...status,
        ...(channel ? { channel, configuredChannel: channel as UpdateStatus["configuredChannel"] } : {}),
        ...(mode ? { mode: mode as UpdateStatus["mode"] } : {}),
      };
      return configViewFixture({ updates: { channel: status.configuredChannel, mode: status.mode } });
    });
    const view = render(<UpdatesCard />);
    const card = within(await view.findByTestId("updates"));
    fireEvent.change(card.getByLabelText("Channel"), { target: { value: "beta" } });
    await waitFor(() => expect((card.getByLabelText("Channel") as HTMLSelectElement).value).toBe("beta"));
    fireEvent.change(card.getByLabelText("Mode"), { target: { value: "off" } });
    await card.findByText("No automatic checks; Check now still works.");
    const patches = srv.requests.filter((r) => r.method === "PATCH" && r.path === "/api/config").map((r) => r.body);
    expect(patches).toEqual([{ config: { updates: { channel: "beta" } } }, { config: { updates: { mode: "off" } } }]);
    view.unmount();
  });

  test("desktop: progress while downloading, then Restart to update; a restart during a reply says it waits", async () => {
    srv.on(updatesContract.routes.status, () =>
      desktop({ state: "downloading", progress: 40, message: "Downloading: 4.1 MB" }),
    );
    srv.on(updatesContract.routes.apply, () => ({
      applying: false,
      status: desktop({
        state: "deferred",
        waitingFor: "reply",
        message: "waiting for the reply being written to finish; Milady then restarts into the update",
      }),
    }));
    const view = render(<UpdatesCard />);
    const bar = await view.findByRole("progressbar", { name: "Update download" });
    expect(bar.getAttribute("aria-valuenow")).toBe("40");
    expect(view.queryByRole("button", { name: "Restart to update" })).toBeNull();
    expect(view.queryByTestId("update-command")).toBeNull();
    act(() =>
      push(desktop({ state: "ready", canApply: true, message: "Milady 0.2.0 is downloaded: restart to update" })),
    );
    expect(view.getByText("Ready to install")).toBeTruthy();
    expect(view.queryByRole("progressbar")).toBeNull();
    fireEvent.click(view.getByRole("button", { name: "Restart to update" }));
    await view.findByText(/waiting for the reply being written to finish/);
    expect(view.getByText("Waiting to restart")).toBeTruthy();
    view.unmount();
  });

  test("desktop notify: a found version offers Download; a failure shows its message, fix and next try", async () => {
    srv.on(updatesContract.routes.status, () => desktop({ mode: "notify" }));
    srv.on(updatesContract.routes.download, () => desktop({ state: "downloading", mode: "notify" }));
    const view = render(<UpdatesCard />);
    fireEvent.click(await view.findByRole("button", { name: "Download 0.2.0" }));
    await view.findByRole("progressbar");
    act(() =>
      push(
        desktop({
          state: "error",
          error: {
            message: "downloading Milady 0.2.0 failed: Failed to download",
            fix: "Milady keeps running 0.1.0. Check the network connection to the download.",
            retryAt: Date.UTC(2026, 0, 2, 9, 32),
          },
        }),
      ),
    );
    const alert = await view.findByRole("alert");
    expect(alert.textContent).toContain("Failed to download");
    expect(alert.textContent).toContain("keeps running 0.1.0");
    expect(alert.textContent).toContain("Next try:");
    expect(view.getByText("Failed")).toBeTruthy();
    view.unmount();
  });

  test("a development build: updates off, nothing to press; a refused request shows the server's fix", async () => {
    srv.on(updatesContract.routes.status, () =>
      desktop({ state: "disabled", channel: "dev", available: undefined, message: "this is a development build" }),
    );
    const view = render(<UpdatesCard />);
    expect((await view.findByRole("button", { name: "Check now" })).hasAttribute("disabled")).toBe(true);
    expect((view.getByLabelText("Mode") as HTMLSelectElement).disabled).toBe(true);
    view.unmount();

    srv.on(updatesContract.routes.status, () => desktop({ state: "up_to_date", available: undefined }));
    srv.on(updatesContract.routes.check, () =>
      wireError("conflict", "the desktop updater is not running yet", 409, "Try again once the Milady window is open."),
    );
    useUpdatesStore.setState({ status: null });
    const again = render(<UpdatesCard />);
    await again.findByText("Up to date");
    fireEvent.click(again.getByRole("button", { name: "Check now" }));
    const alert = await again.findByRole("alert");
    expect(alert.textContent).toContain("Try again once the Milady window is open.");
    again.unmount();
  });
});
