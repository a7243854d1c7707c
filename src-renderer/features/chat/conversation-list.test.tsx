import "../../testing/happy-dom";
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { conversationsContract } from "../../../src-shared/contracts";
import type { ServerEvent } from "../../../src-shared/protocol/events";
import { createApiClient } from "../../api/client";
import { initialChatState, setApi, useChatStore, useStatusStore } from "../../stores";
import { envelope, msg, statusFixture } from "../../testing/fixtures";
import { domForThisFile } from "../../testing/happy-dom";
import { startScriptedServer } from "../../testing/scripted-server";
import { ChatView } from "./chat-view";
import { chatFeature } from "./feature";

const { act, cleanup, fireEvent, render, waitFor } = await import("@testing-library/react");

domForThisFile();
const srv = startScriptedServer();
afterAll(() => srv.stop());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));

const trip = { id: "c1", title: "Trip plans", createdAt: 1, updatedAt: 2, lastMessage: "Echo: where?" };
const recipes = { id: "c2", title: "Recipes", createdAt: 1, updatedAt: 1 };

srv.on(conversationsContract.routes.messages, (_req, { id }) => ({
  messages: id === "c1" ? [msg({ id: "m1", conversationId: "c1", text: "where?" })] : [],
}));
srv.on(conversationsContract.routes.rename, async (req, { id }) => {
  const { title } = (await req.json()) as { title: string };
  return { conversation: { ...(id === "c1" ? trip : recipes), title } };
});
srv.on(conversationsContract.routes.remove, () => ({ deleted: true }));

beforeEach(() => {
  cleanup();
  useChatStore.setState({ ...initialChatState(), conversations: [trip, recipes] });
  useStatusStore.setState({ status: statusFixture(), seq: 1, runId: "run-1" });
  srv.requests.length = 0;
});

describe("conversation list", () => {
  test("rename in place: Enter saves through PATCH and the list shows the new title; Esc cancels", async () => {
    const view = render(<ChatView />);
    fireEvent.click(view.getByRole("button", { name: "Rename Recipes" }));
    const field = view.getByLabelText("Conversation title") as HTMLInputElement;
    expect(field.value).toBe("Recipes");
    fireEvent.keyDown(field, { key: "Escape" });
    expect(absent(view.queryByLabelText("Conversation title"))).toBe(true);
    expect(srv.requests.some((r) => r.method === "PATCH")).toBe(false);

    fireEvent.click(view.getByRole("button", { name: "Rename Recipes" }));
    fireEvent.change(view.getByLabelText("Conversation title"), { target: { value: "  Soups  " } });
    fireEvent.submit(view.getByLabelText("Conversation title").closest("form")!);
    await view.findByText("Soups");
    expect(srv.requests.find((r) => r.method === "PATCH")).toMatchObject({
      path: "/api/conversations/c2",
      body: { title: "Soups" },
    });
    expect(useChatStore.getState().conversations.map((c) => c.title)).toContain("Soups");
  });

  test("delete asks first; confirming deletes it and clears the chat view when it was open; a late update does not bring it back", async () => {
    const view = render(<ChatView />);
    await view.findByText("where?"); // the newest conversation opened by itself
    fireEvent.click(view.getByRole("button", { name: "Delete Trip plans" }));
    const dialog = await view.findByRole("dialog", { name: "Delete conversation?" });
    expect(dialog.textContent).toContain("Trip plans");
    fireEvent.click(view.getByRole("button", { name: "Cancel" }));
    expect(absent(view.queryByRole("dialog", { name: "Delete conversation?" }))).toBe(true);
    expect(srv.requests.some((r) => r.method === "DELETE")).toBe(false);

    fireEvent.click(view.getByRole("button", { name: "Delete Trip plans" }));
    fireEvent.click(within(await view.findByRole("dialog", { name: "Delete conversation?" })).getByText("Delete"));
    await waitFor(() => expect(absent(view.queryByRole("button", { name: "Delete Trip plans" }))).toBe(true));
    expect(srv.requests.find((r) => r.method === "DELETE")?.path).toBe("/api/conversations/c1");
    expect(absent(view.queryByText("where?"))).toBe(true);
    expect(view.getByText("Say hello.")).toBeTruthy(); // the view is empty, not switched to another conversation
    expect(useChatStore.getState().activeId).toBeNull();

    act(() =>
      fromSocket(
        envelope("conversation_update", { conversation: { ...trip, updatedAt: 9 }, message: msg({ id: "late" }) }),
      ),
    );
    expect(absent(view.queryByRole("button", { name: "Delete Trip plans" }))).toBe(true);
  });

  test("a conversation deleted in another tab (/ws conversation_deleted) leaves this list", () => {
    const view = render(<ChatView />);
    act(() => fromSocket(envelope("conversation_deleted", { conversationId: "c2" })));
    expect(absent(view.queryByRole("button", { name: "Delete Recipes" }))).toBe(true);
    expect(view.getByRole("button", { name: "Delete Trip plans" })).toBeTruthy();
  });
});

/** A /ws event as the session hands it to the chat feature. */
function fromSocket(event: ReturnType<typeof envelope>) {
  const ev = event as ServerEvent;
  const handler = chatFeature.events?.[ev.type] as ((e: ServerEvent) => void) | undefined;
  if (!handler) throw new Error(`the chat feature does not handle ${ev.type}`);
  handler(ev);
}

/** Compares as a boolean: a failing toBeNull() on a DOM node prints the whole happy-dom window. */
const absent = (el: Element | null) => el === null;

function within(el: HTMLElement) {
  return {
    getByText: (text: string) =>
      [...el.querySelectorAll("button")].find((b) => b.textContent === text) ??
      (() => {
        throw new Error(`no button "${text}" in the dialog`);
      })(),
  };
}
