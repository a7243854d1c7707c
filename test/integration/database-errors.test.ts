// Database failures on the real server: text the database cannot store is refused before
// anything is written; a full disk (a real one: a small tmpfs, root only, as CI runs) answers
// disk_full with a fix, shows the database degraded, keeps SQL and the user's words out of
// answers and logs, and recovers once there is room again.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { execSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type MiladyProcess, postJson, removeDir, startMilady } from "../support/milady-process";
import { until } from "../support/until";

describe("text the database cannot store", () => {
  let milady: MiladyProcess;
  beforeAll(async () => {
    milady = await startMilady();
  });
  afterAll(async () => {
    await milady.stop();
    removeDir(milady.stateDir);
  });

  test("a NUL or a lone surrogate in a message is a 400 before anything is written; the database stays healthy", async () => {
    const { conversation } = await milady.json("/api/conversations", postJson({ title: "nul" }));
    for (const text of ["hello \u0000 world", "lone \ud800 half"]) {
      const response = await milady.api(`/api/conversations/${conversation.id}/messages`, postJson({ text }));
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.code).toBe("validation_failed");
      expect(error.message).toMatch(/NUL|surrogate/);
    }
    const { messages } = await milady.json(`/api/conversations/${conversation.id}/messages`);
    expect(messages).toEqual([]);
    const status = await milady.json("/api/status");
    expect(status.canReply).toBe(true);
    expect(status.db.health ?? "ok").toBe("ok");
  });

  test("a knowledge .txt with NUL bytes gets a clean 400", async () => {
    const form = new FormData();
    form.append("file", new File([new Uint8Array([104, 105, 0, 0, 104, 105])], "binary.txt", { type: "text/plain" }));
    const response = await milady.api("/api/knowledge", { method: "POST", body: form });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.message).toContain("NUL");
    expect((await milady.json("/api/knowledge")).documents).toEqual([]);
  });
});

describe("a full disk", () => {
  const mount = mkdtempSync(join(tmpdir(), "milady-full-disk-"));
  let milady: MiladyProcess;
  beforeAll(async () => {
    execSync(`mount -t tmpfs -o size=160m tmpfs ${mount}`);
    mkdirSync(join(mount, "state"));
    milady = await startMilady({ stateDir: join(mount, "state") });
  }, 120_000);
  afterAll(async () => {
    await milady?.stop();
    execSync(`umount ${mount}`);
    rmSync(mount, { recursive: true, force: true });
  });

  test("answers disk_full with a fix, shows the database degraded, leaks nothing, recovers when there is room", async () => {
    const { conversation } = await milady.json("/api/conversations", postJson({ title: "full" }));
    const secret = "my-private-words-quokka";
    const filler = join(mount, "filler");
    try {
      execSync(`dd if=/dev/zero of=${filler} bs=1M count=400 2>/dev/null`);
    } catch {
      // dd stops when the disk is full: that is the point
    }
    const response = await milady.api(
      `/api/conversations/${conversation.id}/messages`,
      postJson({ text: `${secret} `.repeat(300) }),
    );
    expect(response.status).toBe(507);
    const body = await response.text();
    expect(JSON.parse(body).error).toMatchObject({ code: "disk_full", fix: expect.stringContaining("space") });
    expect(body).not.toContain(secret);
    expect(body).not.toContain("insert into");
    const status = await until(
      async () => {
        const s = await milady.json("/api/status");
        return s.db?.health === "degraded" ? s : undefined;
      },
      10_000,
      "the status to show the database degraded",
    );
    expect(status.canReply).toBe(false);
    expect(status.reason.code).toBe("disk_full");

    rmSync(filler);
    const after = await milady.json(`/api/conversations/${conversation.id}/messages`, postJson({ text: "room again" }));
    expect(after.reply.text).toBe("Echo: room again");
    await until(
      async () => (await milady.json("/api/status")).canReply === true,
      10_000,
      "the database to be healthy again",
    );
    // Neither the user's words nor SQL reached the log.
    const log = await until(
      () => {
        const text = readFileSync(join(milady.stateDir, "logs", "milady.log"), "utf8");
        return text.includes("disk with Milady's data is full") ? text : "";
      },
      10_000,
      "the failure in milady.log",
    );
    expect(log).not.toContain(secret);
    expect(log).not.toMatch(/insert into|Failed query/i);
    writeFileSync(join(mount, "probe"), "ok"); // the disk is usable again
  }, 120_000);
});
