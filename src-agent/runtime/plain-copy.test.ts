import { describe, expect, test } from "bun:test";
import { plainCopy } from "./plain-copy";

describe("plainCopy", () => {
  test("rows as plugin-sql returns them: equal to structuredClone's copy, and sharing nothing with the original", () => {
    const rows = [
      {
        id: "m1",
        createdAt: 1_700_000_000_000,
        content: { text: "hi", actions: ["REPLY"], nested: { deep: [1, null, { x: undefined }] } },
        metadata: null,
        embedding: undefined,
        when: new Date(5),
      },
    ];
    const copy = plainCopy(rows);
    expect(copy).toEqual(structuredClone(rows));
    expect(Object.keys(copy[0]!)).toEqual(Object.keys(rows[0]!));
    expect(copy[0]!.when).toBeInstanceOf(Date);
    copy[0]!.content.actions.push("MORE");
    copy[0]!.content.nested.deep[0] = 2;
    copy[0]!.when.setTime(9);
    expect(rows[0]!.content.actions).toEqual(["REPLY"]);
    expect(rows[0]!.content.nested.deep[0]).toBe(1);
    expect(rows[0]!.when.getTime()).toBe(5);
  });

  test("what is not plain data goes through structuredClone: a Map, a typed array, a cycle", () => {
    const map = new Map([["a", { n: 1 }]]);
    const cycle: Record<string, unknown> = { name: "loop" };
    cycle.self = cycle;
    const value = { map, vector: new Float32Array([1, 2]), cycle };
    const copy = plainCopy(value);
    expect(copy.map).toBeInstanceOf(Map);
    expect(copy.map.get("a")).toEqual({ n: 1 });
    expect(copy.map).not.toBe(map);
    expect(copy.vector).toBeInstanceOf(Float32Array);
    expect(copy.cycle.self).toBe(copy.cycle);
    expect(copy.cycle).not.toBe(cycle);
  });

  test("a function fails as structuredClone fails", () => {
    expect(() => plainCopy({ f: () => 1 })).toThrow();
    expect(plainCopy("text")).toBe("text");
    expect(plainCopy(null)).toBe(null);
  });
});
