import "../../testing/happy-dom";
import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { characterContract, configContract, modelsContract } from "../../../src-shared/contracts";
import { DEFAULT_CHARACTER } from "../../../src-shared/protocol/character";
import { createApiClient } from "../../api/client";
import { setApi, setTab, useUiStore } from "../../stores";
import { configViewFixture } from "../../testing/fixtures";
import { domForThisFile } from "../../testing/happy-dom";
import { startScriptedServer } from "../../testing/scripted-server";
import { OnboardingView, validateVrm } from "./onboarding-view";

const { cleanup, fireEvent, render, waitFor } = await import("@testing-library/react");

domForThisFile();
const srv = startScriptedServer();
afterAll(() => srv.stop());
afterEach(() => cleanup());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));
srv.on(modelsContract.routes.list, () => ({ models: [], downloading: [] }));
srv.on(characterContract.routes.get, () => ({ character: DEFAULT_CHARACTER }));
srv.on(characterContract.routes.put, async (req) => ({
  character: await req.json(),
  ignored: [],
  notes: [],
  applied: true,
}));
srv.on(configContract.routes.patch, () => configViewFixture({ ui: { onboardingCompleted: true } }));

describe("OnboardingView", () => {
  test("name -> avatar -> cloud model with key -> PATCH with onboardingCompleted and land in Chat", async () => {
    setTab("settings");
    let done = false;
    const view = render(<OnboardingView onDone={() => (done = true)} />);
    fireEvent.change(view.getByLabelText("What should your agent be called?"), { target: { value: "Nova" } });
    fireEvent.click(view.getByRole("button", { name: "Continue" }));
    fireEvent.click(await view.findByRole("button", { name: "Use the default" }));
    await view.findByText("Using the default avatar.");
    fireEvent.click(view.getByRole("button", { name: "Continue" }));
    fireEvent.change(await view.findByLabelText("Model provider"), { target: { value: "anthropic" } });
    fireEvent.click(view.getByRole("button", { name: "Start chatting" }));
    await view.findByText("Paste an API key, or choose Local.");
    expect(srv.requests.some((r) => r.method === "PATCH")).toBe(false);

    fireEvent.change(view.getByLabelText("API key"), { target: { value: "sk-ant-test-123456" } });
    fireEvent.click(view.getByRole("button", { name: "Start chatting" }));
    await waitFor(() => expect(done).toBe(true));
    const patch = srv.requests.find((r) => r.method === "PATCH")?.body as {
      config: { models: { provider: string }; ui: { onboardingCompleted: boolean } };
      secrets: Record<string, string>;
    };
    const put = srv.requests.find((r) => r.method === "PUT")?.body as { name: string; bio: string[] };
    expect(put.name).toBe("Nova");
    // The persona follows the name.
    expect(put.bio).toEqual(DEFAULT_CHARACTER.bio.map((line) => line.replace("Milady", "Nova")));
    expect(JSON.stringify(put)).not.toContain("Milady");
    expect(patch.config.models.provider).toBe("anthropic");
    expect(patch.config.ui.onboardingCompleted).toBe(true);
    expect(patch.secrets).toEqual({ ANTHROPIC_API_KEY: "sk-ant-test-123456" });
    expect(useUiStore.getState().tab).toBe("chat");
  });

  test("the name field starts at the agent's current name; leaving it keeps that name (no rename back)", async () => {
    srv.requests.length = 0;
    srv.on(characterContract.routes.get, () => ({ character: { ...DEFAULT_CHARACTER, name: "Ada" } }));
    const view = render(<OnboardingView />);
    const field = view.getByLabelText("What should your agent be called?") as HTMLInputElement;
    await waitFor(() => expect(field.value).toBe("Ada"));
    fireEvent.click(view.getByRole("button", { name: "Continue" }));
    fireEvent.click(await view.findByRole("button", { name: "Continue" }));
    fireEvent.click(await view.findByRole("button", { name: "Start chatting" }));
    await waitFor(() => expect(srv.requests.some((r) => r.method === "PATCH")).toBe(true));
    expect(srv.requests.some((r) => r.method === "PUT")).toBe(false);
    srv.on(characterContract.routes.get, () => ({ character: DEFAULT_CHARACTER }));
  });

  test("only .vrm files are accepted as avatars", () => {
    expect(validateVrm({ name: "me.vrm", size: 1000 })).toBeNull();
    expect(validateVrm({ name: "me.glb", size: 1000 })).toContain("not a .vrm");
  });
});
