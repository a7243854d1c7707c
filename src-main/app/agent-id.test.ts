import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { agentIdFile, agentIdFor, LEGACY_AGENT_ID, writeAgentId } from "./agent-id";

const dirs: string[] = [];
const stateDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "milady-agent-id-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("agentIdFor", () => {
  test("a fresh state dir gets its own random id, kept in <state>/agent-id and returned again", () => {
    const a = stateDir();
    const b = stateDir();
    const idA = agentIdFor(a, join(a, "db"));
    expect(idA).not.toBe(LEGACY_AGENT_ID);
    expect(agentIdFor(b, join(b, "db"))).not.toBe(idA);
    expect(readFileSync(agentIdFile(a), "utf8").trim()).toBe(idA);
    expect(agentIdFor(a, join(a, "db"))).toBe(idA);
  });

  test("a state dir whose PGlite database predates per-directory ids keeps the old id (its rows are under it)", () => {
    const dir = stateDir();
    mkdirSync(join(dir, "db"));
    expect(agentIdFor(dir, join(dir, "db"))).toBe(LEGACY_AGENT_ID);
  });

  test("a damaged id file is an error naming the file, never silently replaced", () => {
    const dir = stateDir();
    writeFileSync(agentIdFile(dir), "garbage");
    expect(() => agentIdFor(dir, join(dir, "db"))).toThrow(/agent-id does not hold an agent id/);
    expect(() => writeAgentId(dir, "nope")).toThrow(/not an agent id/);
    writeAgentId(dir, "0F8FAD5B-D9CB-469F-A165-70867728950E");
    expect(agentIdFor(dir, join(dir, "db"))).toBe("0f8fad5b-d9cb-469f-a165-70867728950e");
  });
});
