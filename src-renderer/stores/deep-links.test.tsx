import "../testing/happy-dom";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { conversationsContract } from "../../src-shared/contracts";
import { dashboardFragment } from "../../src-shared/protocol/deep-link";
import { createApiClient } from "../api/client";
import { ChatView } from "../features/chat/chat-view";
import { msg, statusFixture } from "../testing/fixtures";
import { domForThisFile } from "../testing/happy-dom";
import { sse, startScriptedServer, wireError } from "../testing/scripted-server";
import { setApi } from "./api-holder";
import { flushQueue } from "./chat-actions";
import { initialChatState, useChatStore } from "./chat-store";
import { installDeepLinkReader, readDeepLink } from "./deep-links";
import { useStatusStore } from "./status-store";
import { useUiStore } from "./ui-store";

const { act, cleanup, fireEvent, render, waitFor } = await import("@testing-library/react");

domForThisFile();
const srv = startScriptedServer();
afterAll(() => srv.stop());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));
srv.on(conversationsContract.routes.create, () => ({
  conversation: { id: "c9", title: "from a link", createdAt: 1, updatedAt: 1 },
}));
srv.on(conversationsContract.routes.messages, () => ({ messages: [] }));
srv.on(conversationsContract.routes.send, async (req) => {
  const body = (await req.json()) as { text: string; clientMessageId: string };
  return sse([
    {
      type: "user_message",
      message: msg({ id: "u1", conversationId: "c9", text: body.text, clientMessageId: body.clientMessageId }),
    },
    { type: "done", reply: msg({ id: "a1", conversationId: "c9", role: "agent", text: "ok" }) },
  ]);
});

const goto = (hash: string) => window.history.replaceState(null, "", `/${hash}`);

beforeEach(() => {
  cleanup();
  goto("");
  useChatStore.setState(initialChatState());
  useUiStore.setState({ tab: "logs", composerPrefill: null, settingsSection: null });
  useStatusStore.setState({ status: statusFixture({ state: "running" }), seq: 1, runId: "run-1" });
  srv.requests.length = 0;
});
afterEach(() => cleanup());

describe("links the desktop app opens (dashboard fragments)", () => {
  test("#/chat/new?text= opens a new conversation with the text in the composer, not sent; the fragment is cleared", async () => {
    goto(dashboardFragment({ kind: "chat", text: "remind me: café at 5 & bring #notes" }));
    expect(readDeepLink()).toBe(true);
    expect(window.location.hash).toBe("");
    expect(useUiStore.getState().tab).toBe("chat");
    const { activeId, conversations } = useChatStore.getState();
    expect(activeId).toStartWith("draft:");
    expect(conversations).toEqual([]);

    const view = render(<ChatView />);
    const box = view.getByLabelText("Message") as HTMLTextAreaElement;
    await waitFor(() => expect(box.value).toBe("remind me: café at 5 & bring #notes"));
    expect(document.activeElement).toBe(box);
    expect(useUiStore.getState().composerPrefill).toBeNull();
    // Nothing went to the server: no conversation was created, nothing was sent.
    expect(srv.requests.filter((r) => r.method === "POST")).toEqual([]);

    // Sending it is the user's choice; then the conversation is created and the text goes to it.
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() => expect(useChatStore.getState().activeId).toBe("c9"));
    await waitFor(() =>
      expect(srv.requests.some((r) => r.method === "POST" && r.path === "/api/conversations/c9/messages")).toBe(true),
    );
    expect(srv.requests.some((r) => r.path.includes("draft:"))).toBe(false);
  });

  test("while the agent is still starting, the draft waits: the text is queued, then sent when it runs", async () => {
    useStatusStore.setState({ status: statusFixture({ state: "starting", canReply: false }), seq: 1, runId: "run-1" });
    srv.on(conversationsContract.routes.create, () => wireError("agent_starting", "The agent is starting.", 503));
    goto("#/chat/new?text=early");
    readDeepLink();
    const view = render(<ChatView />);
    const box = view.getByLabelText("Message") as HTMLTextAreaElement;
    await waitFor(() => expect(box.value).toBe("early"));
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() => expect(useChatStore.getState().queue.map((q) => q.text)).toEqual(["early"]));
    expect(useChatStore.getState().activeId).toStartWith("draft:");
    srv.on(conversationsContract.routes.create, () => ({
      conversation: { id: "c9", title: "early", createdAt: 1, updatedAt: 1 },
    }));
    useStatusStore.setState({ status: statusFixture({ state: "running" }) });
    await flushQueue();
    await waitFor(() => expect(useChatStore.getState().activeId).toBe("c9"));
    expect(srv.requests.filter((r) => r.method === "POST").map((r) => r.path)).toContain(
      "/api/conversations/c9/messages",
    );
    expect(useChatStore.getState().queue).toEqual([]);
  });

  test("#/settings/<section> and #/pair open Settings at that section", () => {
    goto("#/settings/desktop");
    readDeepLink();
    expect(useUiStore.getState()).toMatchObject({ tab: "settings", settingsSection: "desktop" });
    goto("#/pair");
    readDeepLink();
    expect(useUiStore.getState()).toMatchObject({ tab: "settings", settingsSection: "pair" });
    goto("#/settings");
    readDeepLink();
    expect(useUiStore.getState()).toMatchObject({ tab: "settings", settingsSection: null });
  });

  test("other fragments (the page's own anchors, unknown or malformed links) are left alone", () => {
    for (const hash of ["#composer", "#/chat/new?text=a&send=1", "#/settings/nope", "#/wipe"]) {
      goto(hash);
      expect(readDeepLink()).toBe(false);
      expect(window.location.hash).toBe(hash);
    }
    expect(useUiStore.getState().tab).toBe("logs");
    expect(useChatStore.getState().activeId).toBeNull();
  });

  test("applied on load and on every fragment change, so the same link works twice", async () => {
    goto("#/settings/voice");
    const stop = installDeepLinkReader(window);
    try {
      expect(useUiStore.getState().settingsSection).toBe("voice");
      act(() => useUiStore.setState({ tab: "logs", settingsSection: null }));
      for (let i = 0; i < 2; i++) {
        window.location.hash = "#/chat/new?text=again";
        await waitFor(() => expect(useUiStore.getState().composerPrefill?.text).toBe("again"));
        expect(window.location.hash).toBe("");
        useUiStore.setState({ composerPrefill: null });
      }
    } finally {
      stop();
    }
  });
});
