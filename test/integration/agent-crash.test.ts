// A crash of the agent mid-request, in both hosts: the request gets an error
// (never hangs), status goes to error, the agent comes back by itself, and the
// conversation continues with its history intact.
import { describe, expect, test } from "bun:test";
import { postJson, removeDir, startMilady, waitForState } from "../support/milady-process";

for (const host of ["worker", "process"] as const) {
  describe(`agent crash recovery (${host} host)`, () => {
    test("in-flight request fails with agent_crashed, then the agent restarts and answers", async () => {
      const milady = await startMilady({ args: ["--host", host] });
      try {
        expect((await milady.json("/api/status")).host).toBe(host);
        const { conversation } = await milady.json("/api/conversations", postJson({}));
        const path = `/api/conversations/${conversation.id}/messages`;
        await milady.json(path, postJson({ text: "before the crash" }));

        const started = Date.now();
        const res = await milady.api(path, postJson({ text: "please [crash]" }));
        expect(res.status).toBe(502);
        const body = await res.json();
        expect(body.error.code).toBe("agent_crashed");
        expect(body.error.fix).toBeTruthy();
        // A hang bound (the code above says it was the crash, not the reply timeout), not a speed target.
        expect(Date.now() - started).toBeLessThan(60_000);

        const status = await milady.json("/api/status");
        expect(["error", "restarting", "starting", "running"]).toContain(status.state);
        const back = await waitForState(milady, ["running"], 60_000); // backoff, then a fresh boot: startMilady allows 60 s too
        expect(back.restarts).toBeGreaterThanOrEqual(1);
        expect(back.lastError).toBeUndefined();

        const after = await milady.json(path, postJson({ text: "after the crash" }));
        expect(after.reply.text).toBe("Echo: after the crash");
        const { messages } = await milady.json(`${path}?limit=50`);
        const texts = messages.map((m: any) => m.text);
        expect(texts).toContain("Echo: before the crash");
        expect(texts).toContain("Echo: after the crash");
      } finally {
        await milady.stop();
        removeDir(milady.stateDir);
      }
    });
  });
}
