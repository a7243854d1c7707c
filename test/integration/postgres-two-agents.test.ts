// Two headless Milady instances (two state dirs, so two agent ids) on ONE PostgreSQL database
// (Debian 13's PostgreSQL 17 + pgvector from the test chroot): each chats and uploads knowledge,
// and each sees only its own conversations, messages and documents. Runs on PostgreSQL whatever
// MILADY_TEST_DB says (so it is in the first pass only).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type MiladyProcess, postJson, removeDir, startMilady, tempStateDir } from "../support/milady-process";
import { sharedPostgres } from "../support/test-database";

let url: string;
const instances: MiladyProcess[] = [];
beforeAll(async () => {
  url = await (await sharedPostgres()).createDatabase("two_agents");
}, 300_000);
afterAll(async () => {
  for (const m of instances) {
    await m.stop().catch(() => undefined);
    removeDir(m.stateDir);
  }
});

async function upload(m: MiladyProcess, name: string, text: string) {
  const form = new FormData();
  form.append("file", new File([text], name, { type: "text/plain" }));
  const res = await m.api("/api/knowledge", { method: "POST", body: form });
  expect(res.status).toBe(201);
}

describe("two agents on one PostgreSQL database", () => {
  test("each instance sees only its own conversations, messages and knowledge", async () => {
    const a = await startMilady({ stateDir: tempStateDir("milady-pg-a-"), env: { POSTGRES_URL: url } });
    instances.push(a);
    const b = await startMilady({ stateDir: tempStateDir("milady-pg-b-"), env: { POSTGRES_URL: url } });
    instances.push(b);
    const [sa, sb] = [await a.json("/api/status"), await b.json("/api/status")];
    expect(sa.db.kind).toBe("postgres");
    expect(sb.db.kind).toBe("postgres");
    expect(sa.agentId).not.toBe(sb.agentId);

    const chat = async (m: MiladyProcess, title: string, text: string) => {
      const { conversation } = await m.json("/api/conversations", postJson({ title }));
      const res = await m.json(`/api/conversations/${conversation.id}/messages`, postJson({ text }));
      expect(res.reply.text).toBe(`Echo: ${text}`);
      return conversation.id as string;
    };
    const convA = await chat(a, "Alpha talk", "hello from alpha");
    const convB = await chat(b, "Beta talk", "hello from beta");
    await upload(a, "alpha.txt", "The alpha agent keeps notes about quokkaberries.");
    await upload(b, "beta.txt", "The beta agent keeps notes about zanzibar lanterns.");

    const listA = (await a.json("/api/conversations")).conversations as { id: string; title: string }[];
    const listB = (await b.json("/api/conversations")).conversations as { id: string; title: string }[];
    expect(listA.map((c) => c.title)).toEqual(["Alpha talk"]);
    expect(listB.map((c) => c.title)).toEqual(["Beta talk"]);

    const messagesA = (await a.json(`/api/conversations/${convA}/messages`)).messages as { text: string }[];
    expect(messagesA.map((m) => m.text)).toEqual(["hello from alpha", "Echo: hello from alpha"]);
    // The other agent's conversation does not exist for it.
    expect((await b.api(`/api/conversations/${convA}/messages`)).status).toBe(404);
    expect((await a.api(`/api/conversations/${convB}/messages`)).status).toBe(404);

    const docsA = (await a.json("/api/knowledge")).documents as { filename: string }[];
    const docsB = (await b.json("/api/knowledge")).documents as { filename: string }[];
    expect(docsA.map((d) => d.filename)).toEqual(["alpha.txt"]);
    expect(docsB.map((d) => d.filename)).toEqual(["beta.txt"]);
    const search = async (m: MiladyProcess) =>
      (await m.json("/api/knowledge/search", postJson({ query: "quokkaberries", limit: 5 }))).hits as {
        text: string;
      }[];
    expect((await search(a)).some((h) => h.text.includes("quokkaberries"))).toBe(true);
    const hits = (await b.json("/api/knowledge/search", postJson({ query: "quokkaberries", limit: 5 }))).hits as {
      text: string;
    }[];
    expect(hits.every((h) => !h.text.includes("alpha"))).toBe(true);
  }, 240_000);
});
