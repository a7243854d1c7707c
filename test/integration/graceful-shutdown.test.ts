// SIGTERM with replies in flight, on the real server (scripted model test double: `[slow MS]`
// answers after MS): a reply that finishes within the drain still arrives; one that cannot is
// answered `shutting_down` (SSE error event or JSON), never a reset; after the restart the
// unanswered message is marked interrupted, and sending it again (same clientMessageId)
// answers it without storing it twice.
import { afterAll, describe, expect, test } from "bun:test";
import { type MiladyProcess, postJson, removeDir, startMilady, tempStateDir } from "../support/milady-process";

const stateDir = tempStateDir("milady-drain-");
let milady: MiladyProcess | undefined;
afterAll(async () => {
  await milady?.stop();
  removeDir(stateDir);
});

/** Reads SSE events until the stream ends; records whether it ended cleanly or was reset. */
async function readStream(response: Response, onEvent: (event: { type: string }) => void) {
  const events: Array<{ type: string; error?: { code: string } }> = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      buffer += decoder.decode(next.value, { stream: true });
      let cut = buffer.indexOf("\n\n");
      while (cut >= 0) {
        const data = buffer
          .slice(0, cut)
          .split("\n")
          .filter((l) => l.startsWith("data: "))
          .map((l) => l.slice(6))
          .join("");
        buffer = buffer.slice(cut + 2);
        if (data) {
          const event = JSON.parse(data);
          events.push(event);
          onEvent(event);
        }
        cut = buffer.indexOf("\n\n");
      }
    }
    return { events, reset: false };
  } catch {
    return { events, reset: true };
  }
}

const sse = { accept: "text/event-stream" };

describe("SIGTERM with replies in flight", () => {
  test("a reply that fits in the drain is delivered; the process still exits cleanly", async () => {
    milady = await startMilady({ stateDir });
    const { conversation } = await milady.json("/api/conversations", postJson({ title: "drain" }));
    const response = await milady.api(
      `/api/conversations/${conversation.id}/messages`,
      postJson({ text: "[slow 700] almost done", clientMessageId: "short-1" }, sse),
    );
    const m = milady;
    const stream = readStream(response, (e) => {
      if (e.type === "user_message") m.proc.kill("SIGTERM");
    });
    const { events, reset } = await stream;
    expect(reset).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: "done", reply: { text: "Echo: almost done" } });
    expect(await milady.proc.exited).toBe(0);
  }, 120_000);

  test("a reply that cannot finish is answered shutting_down (SSE and JSON); after a restart it is interrupted, and a retry answers it once", async () => {
    milady = await startMilady({ stateDir });
    const { conversation } = await milady.json("/api/conversations", postJson({ title: "cut" }));
    const other = (await milady.json("/api/conversations", postJson({ title: "json" }))).conversation;
    const m = milady;
    const json = m.api(
      `/api/conversations/${other.id}/messages`,
      postJson({ text: "[slow 4000] also waiting", clientMessageId: "json-1" }),
    );
    const response = await m.api(
      `/api/conversations/${conversation.id}/messages`,
      postJson({ text: "[slow 4000] too long", clientMessageId: "long-1" }, sse),
    );
    const { events, reset } = await readStream(response, (e) => {
      if (e.type === "user_message") m.proc.kill("SIGTERM");
    });
    expect(reset).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: "error", error: { code: "shutting_down" } });
    const jsonAnswer = await json;
    expect(jsonAnswer.status).toBe(503);
    expect((await jsonAnswer.json()).error.code).toBe("shutting_down");
    expect(await m.proc.exited).toBe(0);

    milady = await startMilady({ stateDir });
    const history = (await milady.json(`/api/conversations/${conversation.id}/messages`)).messages;
    const cut = history.find((x: { text: string }) => x.text === "[slow 4000] too long");
    expect(cut).toMatchObject({ role: "user", interrupted: true });

    // The dashboard's Retry sends the same clientMessageId: one user message, one reply.
    const retried = await milady.json(
      `/api/conversations/${conversation.id}/messages`,
      postJson({ text: "[slow 4000] too long", clientMessageId: "long-1" }),
    );
    expect(retried.userMessage.id).toBe(cut.id);
    expect(retried.reply.text).toBe("Echo: too long");
    const again = await milady.json(
      `/api/conversations/${conversation.id}/messages`,
      postJson({ text: "[slow 4000] too long", clientMessageId: "long-1" }),
    );
    expect(again.reply.id).toBe(retried.reply.id); // answered from what is stored: no second turn
    const after = (await milady.json(`/api/conversations/${conversation.id}/messages`)).messages;
    expect(after.map((x: { role: string; text: string }) => `${x.role}:${x.text}`)).toEqual([
      "user:[slow 4000] too long",
      "agent:Echo: too long",
    ]);
    expect(after.some((x: { interrupted?: boolean }) => x.interrupted)).toBe(false);
  }, 120_000);
});
