// A restart that needs a new process exits with code 75; bin/milady.mjs (the
// runner behind `npm start` and `npx milady`) relaunches it on the same state.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { removeDir, startMilady } from "../support/milady-process";
import { until } from "../support/until";

test("POST /api/server/restart exits 75 and the runner brings the server back", async () => {
  const milady = await startMilady({ viaRunner: true });
  try {
    const res = await milady.api("/api/server/restart", { method: "POST" });
    expect(res.status).toBe(202);
    const runFile = join(milady.stateDir, "milady.run.json");
    const deadline = Date.now() + 30_000;
    let info: any;
    while (Date.now() < deadline) {
      try {
        info = JSON.parse(readFileSync(runFile, "utf8"));
        if (info.runId !== milady.runId) break;
      } catch {
        // between the two processes there is no run file
      }
      await Bun.sleep(50);
    }
    expect(info.runId).not.toBe(milady.runId);
    const health = await (await fetch(`${info.url}/api/health`)).json();
    expect(health.runId).toBe(info.runId);
    // stderr is read asynchronously: wait for the line (bounded).
    await until(() => milady.stderr().includes("restarting"), 10_000, "'restarting' on stderr");
  } finally {
    await milady.stop();
    removeDir(milady.stateDir);
  }
});
