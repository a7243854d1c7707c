import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCustomActions } from "./load";

const dirs: string[] = [];
function actionsDir(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), "milady-ca-"));
  dirs.push(root);
  const dir = join(root, "custom-actions");
  mkdirSync(dir);
  for (const [name, body] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof body === "string" ? body : JSON.stringify(body));
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const good = {
  "weather.json": {
    name: "GET_WEATHER",
    description: "Weather for a city",
    kind: "http",
    parameters: { city: { description: "the city" } },
    request: { url: "https://example.com/w?q={{city}}" },
  },
  "greet.json": { name: "GREET", description: "A greeting", kind: "message", template: "Hello {{who}}!" },
  "disk.json": { name: "DISK_FREE", description: "Free disk space", kind: "shell", command: ["df", "-h"] },
};
const opts = (shellEnabled: boolean) => ({ shellEnabled, reserved: ["REPLY", "RESTART"] });

describe("custom action files", () => {
  test("good files load, each with a loaded status; defaults are filled in", () => {
    const load = loadCustomActions(actionsDir(good), opts(true));
    expect(load.actions.map((a) => a.spec.name).sort()).toEqual(["DISK_FREE", "GET_WEATHER", "GREET"]);
    expect(load.problems).toEqual([]);
    expect(load.statuses.every((s) => s.status === "loaded" && s.source === "custom")).toBe(true);
    const weather = load.actions.find((a) => a.spec.name === "GET_WEATHER")!.spec;
    expect(weather.kind === "http" && weather.request.method).toBe("GET");
    expect(weather.kind === "http" && weather.request.timeoutMs).toBe(10_000);
  });

  test("a shell action is refused while features.shellEnabled is false, with how to allow it", () => {
    const load = loadCustomActions(actionsDir(good), opts(false));
    expect(load.actions.map((a) => a.spec.name).sort()).toEqual(["GET_WEATHER", "GREET"]);
    const disk = load.statuses.find((s) => s.name === "custom-actions/disk.json")!;
    expect(disk.status).toBe("refused");
    expect(disk.reason).toContain("features.shellEnabled is false");
    expect(disk.reason).toContain("milady config set features.shellEnabled true");
  });

  test("a bad file of each kind is failed with its file name, the field path and what to fix", () => {
    const load = loadCustomActions(
      actionsDir({
        "bad-http.json": { name: "BAD_HTTP", description: "x", kind: "http", request: { url: "ftp://nope" } },
        "bad-message.json": { name: "BAD_MESSAGE", description: "x", kind: "message" },
        "bad-shell.json": { name: "BAD_SHELL", description: "x", kind: "shell", command: "rm -rf /" },
        "bad-kind.json": { name: "BAD_KIND", description: "x", kind: "email" },
        "bad-name.json": { name: "lower case", description: "x", kind: "message", template: "t" },
        "broken.json": "{ not json",
        "clash.json": { name: "RESTART", description: "x", kind: "message", template: "t" },
      }),
      opts(true),
    );
    expect(load.actions).toEqual([]);
    const reason = (file: string) => load.statuses.find((s) => s.name === `custom-actions/${file}`)?.reason ?? "";
    expect(reason("bad-http.json")).toContain("request.url: must start with http:// or https://");
    expect(reason("bad-message.json")).toContain("template: is missing");
    expect(reason("bad-shell.json")).toContain("command: must be an array");
    expect(reason("bad-kind.json")).toContain('kind must be "http", "message" or "shell"');
    expect(reason("bad-name.json")).toContain("name: must be capitals");
    expect(reason("broken.json")).toContain("not valid JSON");
    expect(reason("clash.json")).toContain("RESTART is already taken");
    for (const s of load.statuses) {
      expect(s.status === "failed" || s.status === "refused").toBe(true);
      if (s.status === "failed") expect(s.reason).toContain("restart the agent");
    }
    expect(load.problems).toHaveLength(7);
    expect(load.problems[0]).toStartWith("custom-actions/");
  });

  test("no folder: nothing to load and nothing to report", () => {
    expect(loadCustomActions("/nonexistent/custom-actions", opts(false))).toEqual({
      actions: [],
      statuses: [],
      problems: [],
    });
  });
});
