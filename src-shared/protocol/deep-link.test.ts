import { describe, expect, test } from "bun:test";
import {
  dashboardFragment,
  describeLink,
  MAX_DEEP_LINK_CHARS,
  MAX_DEEP_LINK_TEXT,
  parseDashboardFragment,
  parseDeepLink,
  SETTINGS_SECTIONS,
} from "./deep-link";

const ok = (raw: string) => {
  const result = parseDeepLink(raw);
  if (!result.ok) throw new Error(`${raw} refused: ${result.reason}`);
  return result.link;
};
const reason = (raw: unknown) => {
  const result = parseDeepLink(raw);
  if (result.ok) throw new Error(`${String(raw)} accepted`);
  return result.reason;
};

describe("parseDeepLink", () => {
  test("chat carries its text, decoded (spaces, +, unicode, new lines)", () => {
    expect(ok("milady://chat?text=hello%20there")).toEqual({ kind: "chat", text: "hello there" });
    expect(ok("milady://chat?text=a+b%2Bc")).toEqual({ kind: "chat", text: "a b+c" });
    expect(ok(`milady://chat?text=${encodeURIComponent("héllo 👋\nline two")}`)).toEqual({
      kind: "chat",
      text: "héllo 👋\nline two",
    });
    expect(ok("milady://chat")).toEqual({ kind: "chat", text: "" });
    expect(ok("milady://chat/?text=x")).toEqual({ kind: "chat", text: "x" });
  });

  test("settings opens a known section, or the page", () => {
    for (const section of SETTINGS_SECTIONS)
      expect(ok(`milady://settings/${section}`)).toEqual({ kind: "settings", section });
    expect(ok("milady://settings")).toEqual({ kind: "settings" });
    expect(ok("milady://pair")).toEqual({ kind: "pair" });
  });

  test("anything else is refused with a reason, never guessed", () => {
    expect(reason("https://chat?text=x")).toContain("milady://");
    expect(reason("milady:chat?text=x")).toContain("milady://");
    expect(reason("MILADY://chat")).toContain("milady://");
    expect(reason("milady://Chat?text=x")).toBe("unknown host");
    expect(reason("milady://shell?cmd=rm")).toBe("unknown host");
    expect(reason("milady://chat?text=x&send=1")).toBe("unknown parameter");
    expect(reason("milady://chat?text=a&text=b")).toBe("repeated parameter");
    expect(reason("milady://chat/send?text=x")).toBe("unknown path");
    expect(reason("milady://chat?text=x#frag")).toBe("a fragment");
    expect(reason("milady://user:pw@chat?text=x")).toBe("credentials or a port");
    expect(reason("milady://chat:99?text=x")).toBe("credentials or a port");
    expect(reason("milady://settings/nope")).toBe("unknown settings section");
    expect(reason("milady://settings/desktop/more")).toBe("unknown settings section");
    expect(reason("milady://settings/desktop?x=1")).toBe("unknown parameter");
    expect(reason("milady://pair?code=1")).toBe("unknown parameter");
    expect(reason("milady://pair/now")).toBe("unknown path");
    expect(reason("milady://chat?text=a%00b")).toContain("control");
    expect(reason(`milady://chat?text=${"x".repeat(MAX_DEEP_LINK_TEXT + 1)}`)).toContain("longer");
    expect(reason(`milady://chat?text=${"x".repeat(MAX_DEEP_LINK_CHARS)}`)).toContain("longer");
    expect(reason(42)).toBe("not a string");
  });

  test("a text at the limit is accepted", () => {
    expect(ok(`milady://chat?text=${"x".repeat(MAX_DEEP_LINK_TEXT)}`)).toEqual({
      kind: "chat",
      text: "x".repeat(MAX_DEEP_LINK_TEXT),
    });
  });
});

describe("dashboard fragments", () => {
  test("every link survives the trip through its fragment", () => {
    const links = [
      ok("milady://chat?text=caf%C3%A9%20%26%20%23tag%3F+%2B"),
      ok("milady://chat"),
      ok("milady://settings"),
      ok("milady://settings/desktop"),
      ok("milady://pair"),
    ];
    for (const link of links) expect(parseDashboardFragment(dashboardFragment(link))).toEqual(link);
    expect(dashboardFragment({ kind: "chat", text: "a b" })).toBe("#/chat/new?text=a%20b");
  });

  test("the page's own anchors and unknown fragments are not links", () => {
    for (const hash of ["", "#", "#composer", "#/", "#/chat", "#/chat/old?text=x", "#/settings/nope", "#/chat/new?x=1"])
      expect(parseDashboardFragment(hash)).toBeUndefined();
  });
});

describe("describeLink", () => {
  test("names the scheme and a plain host, and the length, never the text", () => {
    const secret = "milady://chat?text=my%20bank%20password";
    expect(describeLink(secret)).toBe(`milady://chat (${secret.length} chars)`);
    expect(describeLink("https://evil.example/x")).toBe("a https: link (22 chars)");
    expect(describeLink("javascript:alert(1)")).toBe("a javascript: link (19 chars)");
    expect(describeLink("not a url at all")).toBe("a link (16 chars)");
    expect(describeLink(undefined)).toBe("a undefined");
  });
});
