import { describe, expect, test } from "bun:test";
import { needsRestart } from "./store";

describe("which saved changes need an agent restart", () => {
  test("LAN access and pairing approval apply at once; the port, bind and agent-side keys do not", () => {
    expect(needsRestart({ config: { server: { lan: true } } })).toBe(false);
    expect(needsRestart({ config: { server: { pairing: { approve: true } } } })).toBe(false);
    expect(needsRestart({ config: { server: { lan: true, port: 3000 } } })).toBe(true);
    expect(needsRestart({ config: { models: { provider: "openai" } } })).toBe(true);
    expect(needsRestart({ secrets: { MILADY_OWNER_TOKEN: "x" } })).toBe(false);
    expect(needsRestart({ secrets: { OPENAI_API_KEY: "x" } })).toBe(true);
  });
});
