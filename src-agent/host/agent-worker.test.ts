import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { fuzzystrmatch } from "@electric-sql/pglite/contrib/fuzzystrmatch";
import { vector } from "@electric-sql/pglite/vector";
import { agentContract, conversationsContract, knowledgeContract } from "../../src-shared/contracts";
import { AgentClient, preparedDataDir, scriptedBoot, tempDir } from "./agent-client.test-util";

// Real entry points, real PGlite in a temp dir, the scripted model (test double).
const dirs: string[] = [];
const dir = (p: string) => {
  const d = tempDir(p);
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("agent worker (scripted model, PGlite)", () => {
  const stateDir = dir("worker");
  // A migrated copy (the template itself is a real fresh boot): see preparedDataDir.
  beforeAll(async () => {
    await preparedDataDir(stateDir);
  }, 150_000);
  let conversationId = "";
  let deletedId = "";

  test("boots, chats with streaming and emotes, persists knowledge", async () => {
    const agent = new AgentClient("worker");
    try {
      const ready = await agent.boot(scriptedBoot(stateDir));
      expect(ready.canReply).toBe(true);
      expect(ready.db.kind).toBe("pglite");
      expect(ready.plugins.find((p) => p.name === "milady")?.status).toBe("loaded");

      const { conversation } = await agent.ok(conversationsContract, "create", {});
      conversationId = conversation.id;

      const { id, res } = await agent.request(conversationsContract, "send", {
        conversationId,
        text: "hello there [slow 30]",
      });
      expect(res.ok).toBe(true);
      const result = conversationsContract.channel.send.result.parse((res as { result: unknown }).result);
      expect(result.reply.text).toBe("Echo: hello there");
      expect(result.reply.role).toBe("agent");
      expect(result.userMessage.text).toBe("hello there [slow 30]");
      // Streamed deltas arrive in order and add up to the reply.
      const deltas = agent
        .events(conversationsContract, "token")
        .filter((t) => t.requestId === id)
        .map((t) => t.delta);
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join("")).toBe("Echo: hello there");
      const updates = agent.events(conversationsContract, "conversation_update");
      expect(updates.map((u) => u.message?.role)).toEqual(["user", "agent"]);

      const emoteChat = await agent.ok(conversationsContract, "send", {
        conversationId,
        text: "great news [emote wave]",
      });
      expect(emoteChat.reply.actions).toContain("PLAY_EMOTE");
      const emote = await agent.waitForEvent(agentContract, "agent_event", (e) => e.payload.kind === "emote");
      expect(emote.payload).toEqual({ kind: "emote", emote: "wave" });
      expect(emote.roomId).toBe(conversationId);

      const text =
        "Bananas are yellow and curved.\n\nThe secret ingredient of the pizza is pineapple from Hawaii.\n\nCars have four wheels.";
      const { document } = await agent.ok(knowledgeContract, "add", {
        filename: "facts.md",
        contentType: "text/markdown",
        dataBase64: Buffer.from(text).toString("base64"),
      });
      expect(document.chunks).toBeGreaterThan(0);
      // The same bytes under another name are refused, naming the document already there.
      const twice = await agent.request(knowledgeContract, "add", {
        filename: "facts-copy.md",
        contentType: "text/markdown",
        dataBase64: Buffer.from(text).toString("base64"),
      });
      expect((twice.res as { error: { code: string; message: string } }).error).toMatchObject({
        code: "conflict",
        message: expect.stringContaining("facts.md"),
      });
      const bad = await agent.request(knowledgeContract, "add", {
        filename: "x.exe",
        contentType: "application/x-msdownload",
        dataBase64: "AAAA",
      });
      expect(bad.res.ok).toBe(false);
      expect((bad.res as { error: { code: string } }).error.code).toBe("unsupported_media_type");

      // Rename, and delete a second conversation with its messages.
      const renamed = await agent.ok(conversationsContract, "rename", { conversationId, title: "Fruit talk" });
      expect(renamed.conversation).toMatchObject({
        id: conversationId,
        title: "Fruit talk",
        lastMessage: "Echo: great news",
      });
      const scratch = (await agent.ok(conversationsContract, "create", {})).conversation;
      deletedId = scratch.id;
      await agent.ok(conversationsContract, "send", { conversationId: deletedId, text: "forget this" });
      expect(await agent.ok(conversationsContract, "remove", { conversationId: deletedId })).toEqual({ deleted: true });
      expect(agent.events(conversationsContract, "conversation_deleted")).toEqual([{ conversationId: deletedId }]);
      expect(await agent.ok(conversationsContract, "remove", { conversationId: deletedId })).toEqual({
        deleted: false,
      });
      const gone = await agent.request(conversationsContract, "messages", { conversationId: deletedId, limit: 50 });
      expect((gone.res as { error: { code: string } }).error.code).toBe("not_found");
      const sendToGone = await agent.request(conversationsContract, "send", { conversationId: deletedId, text: "hi?" });
      expect((sendToGone.res as { error: { code: string } }).error.code).toBe("not_found");
      expect((await agent.ok(conversationsContract, "list", {})).conversations.map((c) => c.id)).toEqual([
        conversationId,
      ]);

      // Requests are refused while paused (chat only).
      await agent.ok(agentContract, "pause", {});
      const paused = await agent.request(conversationsContract, "send", { conversationId, text: "are you there?" });
      expect((paused.res as { error: { code: string } }).error.code).toBe("agent_paused");
      await agent.ok(agentContract, "resume", {});

      // Params that break the method's contract get an error response naming the field.
      const invalid = await agent.request(conversationsContract, "messages", { conversationId, limit: 0 });
      expect((invalid.res as { error: { code: string; message: string } }).error).toMatchObject({
        code: "validation_failed",
        message: expect.stringContaining("limit"),
      });
      // A method no contract declares is refused, not guessed at.
      const unknown = await agent.request({ ...knowledgeContract, name: "nope" }, "list", {});
      expect((unknown.res as { error: { code: string } }).error.code).toBe("bad_request");
    } finally {
      expect(await agent.shutdown()).toBe(true);
    }
  }, 60_000);

  test("a second boot on the same dataDir lists the conversation and finds knowledge", async () => {
    const agent = new AgentClient("worker");
    try {
      await agent.boot(scriptedBoot(stateDir));
      const { conversations } = await agent.ok(conversationsContract, "list", {});
      // The rename stuck and the deleted conversation did not come back.
      expect(conversations.map((c) => c.id)).toEqual([conversationId]);
      expect(conversations[0].title).toBe("Fruit talk");
      const gone = await agent.request(conversationsContract, "messages", { conversationId: deletedId, limit: 50 });
      expect((gone.res as { error: { code: string } }).error.code).toBe("not_found");
      expect(conversations[0].lastMessage).toBe("Echo: great news");
      const { messages } = await agent.ok(conversationsContract, "messages", { conversationId, limit: 50 });
      expect(messages.map((m) => `${m.role}:${m.text}`)).toEqual([
        "user:hello there [slow 30]",
        "agent:Echo: hello there",
        "user:great news [emote wave]",
        "agent:Echo: great news",
      ]);
      const page = await agent.ok(conversationsContract, "messages", {
        conversationId,
        limit: 2,
        before: messages[2].createdAt,
      });
      expect(page.messages.map((m) => m.text)).toEqual(["hello there [slow 30]", "Echo: hello there"]);

      const { hits } = await agent.ok(knowledgeContract, "search", { query: "pineapple", limit: 3 });
      expect(hits[0].text).toContain("pineapple");
      expect(hits[0].score).toBeGreaterThan(0);
      const { documents } = await agent.ok(knowledgeContract, "list", {});
      expect(documents.length).toBe(1);
      const { deleted } = await agent.ok(knowledgeContract, "remove", { documentId: documents[0].id });
      expect(deleted).toBe(true);
      const after = await agent.ok(knowledgeContract, "search", { query: "pineapple", limit: 3 });
      expect(after.hits).toEqual([]);
    } finally {
      await agent.shutdown();
    }
    // Not a soft delete: the deleted conversation's rows are gone from the database itself.
    const db = await PGlite.create(join(stateDir, "db"), { extensions: { vector, fuzzystrmatch } });
    try {
      const count = async (table: string, column: string) =>
        Number(
          (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [deletedId]))
            .rows[0].n,
        );
      expect(await count("memories", "room_id")).toBe(0);
      expect(await count("rooms", "id")).toBe(0);
      expect(await count("participants", "room_id")).toBe(0);
      // and the kept conversation's messages are still there
      const kept = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM memories WHERE room_id = $1", [
        conversationId,
      ]);
      expect(kept.rows[0].n).toBeGreaterThanOrEqual(4);
    } finally {
      await db.close();
    }
  }, 60_000);
});
