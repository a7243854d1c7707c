import { describe, expect, test } from "bun:test";
import { type RelaunchHost, relaunchInPlace } from "./relaunch";

// The real execve is exercised by test/integration/runner-restart.test.ts; here, when it is asked for.
function host(over: Partial<RelaunchHost> = {}) {
  const calls: { file: string; args: string[] }[] = [];
  const h: RelaunchHost = {
    platform: "linux",
    env: { HOME: "/home/me" },
    execPath: "/opt/bun",
    execArgv: ["--smol"],
    argv: ["bun", "/app/bin/milady.mjs", "start", "--cli"],
    execve: ((file: string, args: string[]) => {
      calls.push({ file, args });
      return undefined as never;
    }) as RelaunchHost["execve"],
    ...over,
  };
  return { h, calls };
}

describe("relaunchInPlace", () => {
  test("runs the same runtime, its flags, the script and the arguments again, with the environment", () => {
    const { h, calls } = host();
    relaunchInPlace(h);
    expect(calls).toEqual([
      { file: "/opt/bun", args: ["/opt/bun", "--smol", "/app/bin/milady.mjs", "start", "--cli"] },
    ]);
  });

  test("leaves the restart to the runner under its supervisor, on Windows, and without execve", () => {
    for (const over of [{ env: { MILADY_SUPERVISED: "1" } }, { platform: "win32" as const }, { execve: undefined }]) {
      const { h, calls } = host(over);
      expect(relaunchInPlace(h)).toBe(false);
      expect(calls).toEqual([]);
    }
  });

  test("an execve that fails returns false, so the process exits 75 as before", () => {
    const { h } = host({
      execve: (() => {
        throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
      }) as RelaunchHost["execve"],
    });
    expect(relaunchInPlace(h)).toBe(false);
  });
});
