import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Notice } from "../../src-shared/protocol";
import { noticeFromRecovery } from "./database-notices";
import { NoticeBoard } from "./notice-board";

const dir = mkdtempSync(join(tmpdir(), "milady-notices-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const warnings: string[] = [];
const log = { warn: (msg: string) => warnings.push(msg) };
const notice = (id: string, at: number): Notice => ({
  id,
  kind: "database_repaired",
  at,
  title: "The database was damaged and has been repaired",
  message: "m",
});

describe("NoticeBoard", () => {
  test("keeps notices across restarts until acknowledged, newest first; acknowledged ones stay as history", () => {
    const file = join(dir, "a", "notices.json");
    const board = new NoticeBoard(file, log);
    let changes = 0;
    board.onChange(() => changes++);
    board.add(notice("old", 1));
    board.add(notice("new", 2));
    board.add(notice("new", 2)); // the same notice twice is one notice
    expect(changes).toBe(2);

    const restarted = new NoticeBoard(file, log);
    expect(restarted.pending().map((n) => n.id)).toEqual(["new", "old"]);
    expect(restarted.ack("old", 99).map((n) => n.id)).toEqual(["new"]);
    expect(restarted.ack("old").map((n) => n.id)).toEqual(["new"]); // again is fine

    const again = new NoticeBoard(file, log);
    expect(again.pending().map((n) => n.id)).toEqual(["new"]);
    const stored = JSON.parse(readFileSync(file, "utf8"));
    expect(stored.notices.find((n: { id: string }) => n.id === "old").acknowledgedAt).toBe(99);
    expect(() => again.ack("nope")).toThrow(expect.objectContaining({ code: "not_found" }));
  });

  test("a damaged notices file starts an empty board with a warning instead of stopping Milady", () => {
    const file = join(dir, "broken.json");
    writeFileSync(file, "{ not json");
    const board = new NoticeBoard(file, log);
    expect(board.pending()).toEqual([]);
    expect(warnings.some((w) => w.includes("not a valid notices file"))).toBe(true);
  });

  test("a notice that cannot be saved is still shown until acknowledged", () => {
    const blocked = join(dir, "blocked");
    mkdirSync(blocked);
    writeFileSync(join(blocked, "state"), ""); // a file where the folder should be
    const board = new NoticeBoard(join(blocked, "state", "notices.json"), log);
    board.add(notice("kept", 1));
    expect(board.pending().map((n) => n.id)).toEqual(["kept"]);
    expect(warnings.some((w) => w.includes("could not save"))).toBe(true);
  });

  test("a database recovery becomes a notice with its backup as the path", () => {
    const n = noticeFromRecovery({
      kind: "replaced",
      at: 5,
      message: "fresh database",
      fix: "keep the backup",
      backup: "/s/.elizadb.corrupt-x",
    });
    expect(n).toMatchObject({
      kind: "database_replaced",
      at: 5,
      path: "/s/.elizadb.corrupt-x",
      fix: "keep the backup",
    });
    expect(n.title).toContain("replaced");
  });
});
