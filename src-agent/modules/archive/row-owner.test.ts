import { describe, expect, test } from "bun:test";
import { checkRowOwners } from "./row-owner";

const AGENT = "0f8fad5b-d9cb-469f-a165-70867728950e";
const OTHER = "c2c534a3-502f-0b7a-a4ce-111e485c720e";
const scoped = new Set(["agents", "memories", "embeddings", "rooms"]);

describe("checkRowOwners", () => {
  test("the archived agent's rows pass; embeddings pass through the archive's own memories", () => {
    const memoryIds = new Set<string>();
    checkRowOwners("agents", [JSON.stringify({ id: AGENT })], AGENT, memoryIds, scoped);
    checkRowOwners(
      "memories",
      [`{"id": "m1", "agent_id": "${AGENT}", "n": 9007199254740993}`],
      AGENT,
      memoryIds,
      scoped,
    );
    checkRowOwners("embeddings", [JSON.stringify({ id: "e1", memory_id: "m1" })], AGENT, memoryIds, scoped);
    expect(memoryIds.has("m1")).toBe(true);
  });

  test("another agent's row, an embedding of no archived memory, a foreign table or broken JSON: refused, naming it", () => {
    const refuse = (table: string, row: string) => () => checkRowOwners(table, [row], AGENT, new Set(), scoped);
    expect(refuse("rooms", JSON.stringify({ id: "r", agent_id: OTHER }))).toThrow(
      /row 1 of table "rooms" belongs to another agent/,
    );
    expect(refuse("agents", JSON.stringify({ id: OTHER }))).toThrow(/belongs to another agent/);
    expect(refuse("embeddings", JSON.stringify({ memory_id: "elsewhere" }))).toThrow(
      /table "embeddings" belongs to another agent/,
    );
    expect(refuse("servers", JSON.stringify({ id: "s" }))).toThrow(/table "servers" is not part of an agent's data/);
    expect(refuse("memories", "{not json")).toThrow(/row 1 of table "memories" is not JSON/);
  });
});
