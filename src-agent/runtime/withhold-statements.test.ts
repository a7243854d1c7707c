import { describe, expect, test } from "bun:test";
import { withhold } from "./withhold-statements";

describe("withhold", () => {
  test("the statement and its parameters after 'Failed query:' are cut, in strings, errors and fields", () => {
    const query = 'Failed query: insert into "memories" values ($1)\nparams: my secret diary';
    expect(withhold(`connection refused ${query}`)).toBe("connection refused [the statement is not logged]");
    expect(withhold({ src: "plugin:sql", attempt: 2, error: `boom ${query}` })).toEqual({
      src: "plugin:sql",
      attempt: 2,
      error: "boom [the statement is not logged]",
    });
    expect(withhold({ error: new Error(query) })).toEqual({ error: "[the statement is not logged]" });
    expect(withhold("Max retry attempts reached")).toBe("Max retry attempts reached");
    expect(withhold(42)).toBe(42);
  });
});
