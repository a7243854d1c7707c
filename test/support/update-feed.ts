/**
 * An Electrobun update feed on loopback, built from real files: app tars made with `tar`,
 * `.tar.zst` archives made with Debian's zstd, bsdiff patches between builds, and the
 * `<channel>-<os>-<arch>-update.json` that names the newest. File names follow Electrobun
 * 1.18.1's naming (dist/api/shared/naming.ts): `{channel}-{os}-{arch}-` + `update.json`,
 * `{fromHash}.patch`, `{AppName}{-channel unless stable}.tar.zst`.
 */
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const OS = process.platform === "darwin" ? "macos" : process.platform === "win32" ? "win" : "linux";
export const ARCH = process.arch === "arm64" ? "arm64" : "x64";

export interface BuildInfo {
  version: string;
  hash: string;
  channel: string;
  baseUrl: string;
  /** Electrobun's app file name: `Milady` on stable, `Milady-<channel>` otherwise. */
  name: string;
  identifier: string;
}

/** The Debian tools the feed and the wrappers use; a clear message when one is missing. */
export function tool(name: "zstd" | "bsdiff" | "bspatch" | "tar"): string {
  const path = Bun.which(name);
  if (!path) throw new Error(`${name} is not installed: apt-get install -y zstd bsdiff (the CI script does)`);
  return path;
}

export function run(argv: string[], cwd?: string): void {
  const proc = Bun.spawnSync(argv, { cwd, stdout: "pipe", stderr: "pipe" });
  if (proc.exitCode !== 0) throw new Error(`${argv.join(" ")} failed (${proc.exitCode}): ${proc.stderr.toString()}`);
}

export const appFileName = (name: string, channel: string) => (channel === "stable" ? name : `${name}-${channel}`);
export const platformPrefix = (channel: string) => `${channel}-${OS}-${ARCH}`;
export const tarballName = (appName: string, channel: string) =>
  `${platformPrefix(channel)}-${appFileName(appName, channel)}${OS === "macos" ? ".app" : ""}.tar.zst`;

/** A build's content hash, the way a feed names it (any stable digest of the build will do). */
export const buildHash = (version: string) => createHash("sha256").update(`milady ${version}`).digest("hex");

export function buildInfo(version: string, channel: string, baseUrl: string): BuildInfo {
  return {
    version,
    hash: buildHash(version),
    channel,
    baseUrl,
    name: appFileName("Milady", channel),
    identifier: "ai.milady.test",
  };
}

/**
 * One build as Electrobun ships it on Linux: `<App>/bin/launcher`, `<App>/Resources/version.json`
 * and some payload. The launcher is what Electrobun runs after a swap: it writes which version
 * started, and what the applied-update record held at that moment, to $MILADY_TEST_LAUNCHED.
 */
export function makeAppTar(dir: string, info: BuildInfo, payloadBytes = 2 * 1024 * 1024): string {
  const stage = mkdtempSync(join(tmpdir(), "milady-app-stage-"));
  const app = join(stage, info.name);
  mkdirSync(join(app, "bin"), { recursive: true });
  mkdirSync(join(app, "Resources", "app"), { recursive: true });
  writeFileSync(join(app, "Resources", "version.json"), JSON.stringify(info));
  // Noise zstd cannot shrink, the same in every version but for a few spots, as real builds are:
  // the archive stays about its size while a patch between two builds is small.
  const payload = Buffer.alloc(payloadBytes);
  let x = 0x9e3779b9;
  for (let i = 0; i < payload.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    payload[i] = x & 0xff;
  }
  for (let at = 4096; at < payload.length; at += 256 * 1024) payload.write(`milady ${info.version} `, at);
  writeFileSync(join(app, "Resources", "app", "payload.bin"), payload);
  const launcher = join(app, "bin", "launcher");
  writeFileSync(
    launcher,
    `#!/bin/sh\n{ echo "launched ${info.version}"; cat "$MILADY_TEST_RECORD" 2>/dev/null; } > "$MILADY_TEST_LAUNCHED.tmp" && mv "$MILADY_TEST_LAUNCHED.tmp" "$MILADY_TEST_LAUNCHED"\n`,
  );
  chmodSync(launcher, 0o755);
  const tar = join(dir, `${info.hash}.tar`);
  run([tool("tar"), "-cf", tar, "-C", stage, info.name]);
  rmSync(stage, { recursive: true, force: true });
  return tar;
}

export interface Feed {
  url: string;
  dir: string;
  /** Request paths seen, without their cache-busting query. */
  requests: string[];
  /** Paths answered with this HTTP status instead of their file. */
  failing: Map<string, number>;
  /** Writes `<prefix>-update.json` naming `info`. */
  announce(info: BuildInfo): void;
  /** The full archive of a build: its tar through zstd. */
  publishArchive(tar: string, info: BuildInfo): string;
  /** A bsdiff patch from one build's tar to the next, named after the older build's hash. */
  publishPatch(fromTar: string, from: BuildInfo, toTar: string): string;
  stop(): void;
}

export function startFeed(): Feed {
  const dir = mkdtempSync(join(tmpdir(), "milady-update-feed-"));
  const requests: string[] = [];
  const failing = new Map<string, number>();
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname;
      requests.push(path);
      const status = failing.get(path);
      if (status) return new Response("injected failure", { status });
      const file = Bun.file(join(dir, path.slice(1)));
      if (path.includes("..") || !(await file.exists())) return new Response("not found", { status: 404 });
      return new Response(file);
    },
  });
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url,
    dir,
    requests,
    failing,
    announce(info) {
      const body = { version: info.version, hash: info.hash, platform: OS, arch: ARCH };
      writeFileSync(join(dir, `${platformPrefix(info.channel)}-update.json`), JSON.stringify(body));
    },
    publishArchive(tar, info) {
      const out = join(dir, tarballName("Milady", info.channel));
      run([tool("zstd"), "-q", "-f", tar, "-o", out]);
      return out;
    },
    publishPatch(fromTar, from, toTar) {
      const out = join(dir, `${platformPrefix(from.channel)}-${from.hash}.patch`);
      run([tool("bsdiff"), fromTar, toTar, out]);
      return out;
    },
    stop() {
      server.stop(true);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const sameBytes = (a: string, b: string) => readFileSync(a).equals(readFileSync(b));
