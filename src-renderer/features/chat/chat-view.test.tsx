import "../../testing/happy-dom";
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { conversationsContract } from "../../../src-shared/contracts";
import { createApiClient } from "../../api/client";
import {
  handleServerEvent,
  initialChatState,
  setApi,
  startQueueFlusher,
  useChatStore,
  useStatusStore,
} from "../../stores";
import { envelope, msg, statusFixture } from "../../testing/fixtures";
import { domForThisFile } from "../../testing/happy-dom";
import { sse, startScriptedServer, wireError } from "../../testing/scripted-server";
import { ChatView } from "./chat-view";

// Bun evaluates CommonJS deps before ESM bodies: react-dom must load after happy-dom is installed.
const { act, cleanup, fireEvent, render, waitFor } = await import("@testing-library/react");

domForThisFile();
const srv = startScriptedServer();
const stopFlusher = startQueueFlusher();
afterAll(() => {
  stopFlusher();
  srv.stop();
});
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));

srv.on(conversationsContract.routes.create, () => ({
  conversation: { id: "c1", title: "hi", createdAt: 1, updatedAt: 1 },
}));
srv.on(conversationsContract.routes.messages, () => ({ messages: [] }));
srv.on(conversationsContract.routes.send, async (req) => {
  const body = (await req.json()) as { text: string; clientMessageId: string };
  return sse(
    [
      { type: "user_message", message: msg({ id: "u1", text: body.text, clientMessageId: body.clientMessageId }) },
      ...["Hello", ", ", "world", "!"].map((delta) => ({ type: "token", delta })),
      { type: "done", reply: msg({ id: "a1", role: "agent", text: "Hello, world!" }) },
    ],
    40,
  );
});

beforeEach(() => {
  cleanup();
  useChatStore.setState(initialChatState());
});

function type(view: ReturnType<typeof render>, text: string) {
  const box = view.getByLabelText("Message") as HTMLTextAreaElement;
  fireEvent.change(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: "Enter" });
}

describe("ChatView", () => {
  test("a message typed while the agent starts is queued, then sent and streamed token by token when it runs", async () => {
    useStatusStore.setState({ status: statusFixture({ state: "starting", canReply: false }), seq: 1, runId: "run-1" });
    const view = render(<ChatView />);
    type(view, "hi there");
    await view.findByText("queued — sends when the agent is ready");
    expect(view.getByText("hi there")).toBeTruthy();

    act(() => handleServerEvent(envelope("status", statusFixture({ state: "running" }), { seq: 2 }) as never));
    // Partial text first (the stream is paced 40 ms per event), with the caret on the streaming bubble.
    const partial = await view.findByText(/^Hello(, )?$/);
    expect(partial.closest(".streaming-caret")).toBeTruthy();
    await view.findByText("Hello, world!");
    await waitFor(() => expect(view.queryByText("queued — sends when the agent is ready")).toBeNull());
    await waitFor(() => expect(view.container.querySelector(".streaming-caret") === null).toBe(true));
    expect(useChatStore.getState().messages.c1.map((m) => m.id)).toEqual(["u1", "a1"]);
  });

  test("a failed send shows the error inline with Retry", async () => {
    useStatusStore.setState({ status: statusFixture({ state: "running" }), seq: 10, runId: "run-1" });
    srv.on(conversationsContract.routes.send, () =>
      wireError("no_model", "No model configured.", 503, "Pick one under Models."),
    );
    const view = render(<ChatView />);
    type(view, "anyone?");
    await view.findByText("No model configured.");
    expect(view.getByText("Pick one under Models.")).toBeTruthy();
    expect(view.getByRole("button", { name: "Retry" })).toBeTruthy();
  });
});
