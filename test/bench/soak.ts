/**
 * Soak: chat load while the agent is killed, restarted and the whole process SIGTERMed, all on
 * one state dir. Every message a client was told is answered (HTTP 200 with a reply) must be in
 * the history afterwards, with its reply, exactly once. Meanwhile /api/health is probed and the
 * worst answer time is kept (the server must never stall).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMiladyTarget } from "./milady-target";
import type { RunningTarget } from "./target";

export interface SoakFigures {
  acknowledged: number;
  /** Acknowledged messages missing from the history (or missing their reply) after the soak. */
  missing: number;
  /** clientMessageIds stored more than once. */
  duplicates: number;
  /** Requests that failed (agent away, shutting down...): allowed, they were never acknowledged. */
  refused: number;
  /** Why, by error code. */
  refusedBy: Record<string, number>;
  worstHealthMs: number;
  disruptions: string[];
}

interface Sent {
  conversationId: string;
  clientMessageId: string;
  text: string;
}

const CLIENTS = 4;

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
}

interface StoredMessage {
  id: string;
  role: string;
  text: string;
  createdAt: number;
  clientMessageId?: string;
}

/**
 * Every message of a conversation, oldest first: pages of 500 going back with `before`. A page
 * ends at a millisecond it may share with older messages, so the next page starts at that
 * millisecond again and what was already read is dropped (a fast machine stores more than one
 * page per conversation in the soak).
 */
async function wholeHistory(url: string, conversationId: string): Promise<StoredMessage[]> {
  const seen = new Set<string>();
  let history: StoredMessage[] = [];
  let before: number | undefined;
  for (;;) {
    const query = `limit=500${before !== undefined ? `&before=${before}` : ""}`;
    const response = await fetch(`${url}/api/conversations/${conversationId}/messages?${query}`);
    if (!response.ok) throw new Error(`reading the history failed: HTTP ${response.status}`);
    const { messages } = (await response.json()) as { messages: StoredMessage[] };
    const older = messages.filter((m) => !seen.has(m.id));
    for (const m of older) seen.add(m.id);
    history = [...older, ...history];
    if (messages.length < 500 || older.length === 0) return history;
    before = (messages[0] as StoredMessage).createdAt + 1;
  }
}

export async function soak(seconds: number): Promise<SoakFigures> {
  const stateDir = mkdtempSync(join(tmpdir(), "milady-soak-"));
  let target: RunningTarget = await startMiladyTarget({ stateDir });
  const acknowledged: Sent[] = [];
  const disruptions: string[] = [];
  let refused = 0;
  const reasons = new Map<string, number>();
  let worstHealthMs = 0;
  let running = true;
  let restarting = false;

  const conversations: string[] = [];
  for (let i = 0; i < CLIENTS; i++) conversations.push(await target.newConversation());

  const client = async (conversationId: string, index: number) => {
    for (let n = 0; running; n++) {
      const sent: Sent = {
        conversationId,
        clientMessageId: `soak-${index}-${n}`,
        text: `client ${index} message ${n}`,
      };
      try {
        const response = await post(`${target.url}/api/conversations/${conversationId}/messages`, sent);
        const body = (await response.json()) as { reply?: { text: string }; error?: { code: string } };
        if (response.ok && body.reply?.text === `Echo: ${sent.text}`) acknowledged.push(sent);
        else {
          refused++;
          const code = body.error?.code ?? String(response.status);
          reasons.set(code, (reasons.get(code) ?? 0) + 1);
          await Bun.sleep(100); // a client backs off instead of hammering a restarting agent
        }
      } catch {
        refused++;
        await Bun.sleep(100); // the server is restarting: try the next message shortly
      }
    }
  };

  const probe = async () => {
    while (running) {
      if (!restarting) {
        const t0 = performance.now();
        try {
          await fetch(`${target.url}/api/health`, { signal: AbortSignal.timeout(5_000) });
          worstHealthMs = Math.max(worstHealthMs, performance.now() - t0);
        } catch {
          // down for a planned restart, or gone: the load side counts refusals
        }
      }
      await Bun.sleep(50);
    }
  };

  const disrupt = async () => {
    const steps: Array<[string, () => Promise<void>]> = [
      [
        "agent killed ([crash])",
        async () => {
          await post(`${target.url}/api/conversations/${conversations[0]}/messages`, { text: "bye [crash]" }).catch(
            () => undefined,
          );
        },
      ],
      [
        "agent restarted (POST /api/agent/restart)",
        async () => void (await post(`${target.url}/api/agent/restart`, {})),
      ],
      [
        "process SIGTERMed and started again",
        async () => {
          restarting = true;
          await target.stop();
          target = await startMiladyTarget({ stateDir });
          restarting = false;
        },
      ],
    ];
    const gap = (seconds * 1000) / (steps.length + 1);
    for (const [what, step] of steps) {
      await Bun.sleep(gap);
      if (!running) return;
      disruptions.push(what);
      await step().catch((error) => disruptions.push(`${what} failed: ${(error as Error).message}`));
    }
  };

  const load = conversations.map((id, i) => client(id, i));
  const watchers = [probe(), disrupt()];
  await Bun.sleep(seconds * 1000);
  running = false;
  await Promise.all([...load, ...watchers]);

  // What is stored: read every conversation back after one more clean restart.
  await target.stop();
  target = await startMiladyTarget({ stateDir });
  const stored = new Map<string, number>();
  const answered = new Set<string>();
  for (const id of conversations) {
    const messages = await wholeHistory(target.url, id);
    messages.forEach((m, i) => {
      if (m.role !== "user" || !m.clientMessageId) return;
      stored.set(m.clientMessageId, (stored.get(m.clientMessageId) ?? 0) + 1);
      if (messages[i + 1]?.role === "agent") answered.add(m.clientMessageId);
    });
  }
  await target.stop();
  rmSync(stateDir, { recursive: true, force: true });
  return {
    acknowledged: acknowledged.length,
    missing: acknowledged.filter((s) => !stored.has(s.clientMessageId) || !answered.has(s.clientMessageId)).length,
    duplicates: [...stored.values()].filter((count) => count > 1).length,
    refused,
    refusedBy: Object.fromEntries(reasons),
    worstHealthMs,
    disruptions,
  };
}
