import "../../testing/happy-dom";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { configContract } from "../../../src-shared/contracts";
import { createApiClient } from "../../api/client";
import { getToken, saveToken, setApi, showSettingsSection, useConfigStore, useUiStore } from "../../stores";
import { configViewFixture } from "../../testing/fixtures";
import { domForThisFile } from "../../testing/happy-dom";
import { startScriptedServer } from "../../testing/scripted-server";
import { SettingsView } from "./settings-view";

const { act, cleanup, fireEvent, render, waitFor } = await import("@testing-library/react");

domForThisFile();
const srv = startScriptedServer();
afterAll(() => srv.stop());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));

let closeToTray = true;
srv.on(configContract.routes.get, () => configViewFixture({ desktop: { closeToTray } }));
srv.on(configContract.routes.patch, async (req) => {
  const body = (await req.json()) as { config?: { desktop?: { closeToTray?: boolean } } };
  closeToTray = body.config?.desktop?.closeToTray ?? closeToTray;
  return { ...configViewFixture({ desktop: { closeToTray } }), restartRequired: false };
});

const bridge = globalThis as { __MILADY_DESKTOP__?: unknown };

beforeEach(() => {
  cleanup();
  closeToTray = true;
  srv.requests.length = 0;
  delete bridge.__MILADY_DESKTOP__;
  saveToken(null);
  useConfigStore.setState({ view: null, error: null });
  useUiStore.setState({ settingsSection: null });
});
afterEach(() => {
  delete bridge.__MILADY_DESKTOP__;
});

describe("Settings in the desktop app", () => {
  test("the window's token comes from the app (preload), before anything this browser saved", () => {
    saveToken("saved-in-browser");
    expect(getToken()).toBe("saved-in-browser");
    bridge.__MILADY_DESKTOP__ = Object.freeze({ token: "from-the-app" });
    expect(getToken()).toBe("from-the-app");
  });

  test("shows the close-to-tray setting and saves a change; no token form to paste into", async () => {
    bridge.__MILADY_DESKTOP__ = Object.freeze({ token: "from-the-app" });
    const view = render(<SettingsView />);
    const label = await view.findByText("Keep running in the tray when the window is closed");
    const box = label.closest("label")!.querySelector("input") as HTMLInputElement;
    expect(box.checked).toBe(true);
    // The archive card's passwords (Back up and move) are not a token form.
    const tokenInputs = [...view.container.querySelectorAll('input[type="password"]')].filter(
      (input) => !input.id.startsWith("archive-"),
    );
    expect(tokenInputs).toEqual([]);
    expect(view.getByText(/hands this window its token/)).toBeDefined();
    fireEvent.click(box);
    await waitFor(() =>
      expect(srv.requests.find((r) => r.method === "PATCH")?.body).toEqual({
        config: { desktop: { closeToTray: false } },
      }),
    );
    await waitFor(() => expect(box.checked).toBe(false));
    expect(view.getByText(/Closing the window quits Milady/)).toBeDefined();
  });

  test("in a browser tab there is no desktop section, and the token form is there", async () => {
    const view = render(<SettingsView />);
    await view.findByText("Data locations");
    expect(view.queryByText("Desktop app")).toBeNull();
    expect(view.container.querySelector('input[type="password"][aria-label="API token"]')).not.toBeNull();
  });

  test("Pair a phone holds LAN access (owner); its failure to load is said inline, not as a blank section", async () => {
    const view = render(<SettingsView />);
    const section = await view.findByTestId("pair-phone");
    expect(section.textContent).toContain("LAN access");
    // No LAN routes on this scripted server: the section says what went wrong and offers Retry.
    await waitFor(() =>
      expect(section.querySelector('[role="alert"]')?.textContent).toContain("no route GET /api/lan"),
    );
  });

  test("a link's section is scrolled to and focused once it is on the page, then the request is cleared", async () => {
    bridge.__MILADY_DESKTOP__ = Object.freeze({});
    showSettingsSection("desktop");
    render(<SettingsView />);
    // The desktop section needs the config: it is focused when it appears, not before.
    await waitFor(() => expect(document.activeElement?.id).toBe("settings-desktop"));
    expect(useUiStore.getState().settingsSection).toBeNull();
    expect(document.getElementById("settings-desktop")?.className).toContain("ring-2");
    act(() => showSettingsSection("pair"));
    await waitFor(() => expect(document.activeElement?.id).toBe("settings-pair"));
  });

  test("a section this page does not have (desktop, in a browser) is dropped once the page is complete", async () => {
    showSettingsSection("desktop");
    const view = render(<SettingsView />);
    await view.findByText("Data locations");
    await waitFor(() => expect(useUiStore.getState().settingsSection).toBeNull());
  });
});
