// The desktop update feed on loopback, checked with the tools alone (no Electrobun): the
// update.json in Electrobun's naming, a .tar.zst made with Debian's zstd that the zig-zstd
// wrapper turns back into the build's tar, and bsdiff patches that the bspatch wrapper chains
// 1.0.0 -> 1.1.0 -> 1.2.0. electrobun-updater.test.ts runs Electrobun's own Updater on the same.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeInstall, layOutApp } from "../support/electrobun-app";
import {
  ARCH,
  type BuildInfo,
  buildInfo,
  type Feed,
  makeAppTar,
  OS,
  run,
  sameBytes,
  startFeed,
  tarballName,
} from "../support/update-feed";

let feed: Feed;
let work: string;
let install: FakeInstall;
const builds: Array<{ info: BuildInfo; tar: string }> = [];

beforeAll(() => {
  feed = startFeed();
  work = mkdtempSync(join(tmpdir(), "milady-feed-work-"));
  for (const version of ["1.0.0", "1.1.0", "1.2.0"]) {
    const info = buildInfo(version, "canary", feed.url);
    builds.push({ info, tar: makeAppTar(work, info) });
  }
  const [v1, v2, v3] = builds as [(typeof builds)[0], (typeof builds)[0], (typeof builds)[0]];
  feed.announce(v3.info);
  feed.publishArchive(v3.tar, v3.info);
  feed.publishPatch(v1.tar, v1.info, v2.tar);
  feed.publishPatch(v2.tar, v2.info, v3.tar);
  install = layOutApp(v1.info);
}, 120_000);

afterAll(() => {
  feed.stop();
  install.remove();
  rmSync(work, { recursive: true, force: true });
});

async function download(path: string, to: string): Promise<string> {
  const res = await fetch(`${feed.url}/${path}?${Math.random().toString(36).slice(2)}`);
  expect(res.status).toBe(200);
  await Bun.write(to, await res.arrayBuffer());
  return to;
}

describe("desktop update feed", () => {
  test("<channel>-<os>-<arch>-update.json names the newest build; a cache-busting query is ignored", async () => {
    const res = await fetch(`${feed.url}/canary-${OS}-${ARCH}-update.json?x7f3k`);
    expect(await res.json()).toEqual({ version: "1.2.0", hash: builds[2]!.info.hash, platform: OS, arch: ARCH });
    expect(feed.requests.at(-1)).toBe(`/canary-${OS}-${ARCH}-update.json`);
    expect(tarballName("Milady", "canary")).toBe(
      `canary-${OS}-${ARCH}-Milady-canary${OS === "macos" ? ".app" : ""}.tar.zst`,
    );
    expect(tarballName("Milady", "stable")).toBe(`stable-${OS}-${ARCH}-Milady${OS === "macos" ? ".app" : ""}.tar.zst`);
  });

  test("the .tar.zst, through the zig-zstd wrapper, is the build's tar, whose Resources/version.json has its hash", async () => {
    const zst = await download(tarballName("Milady", "canary"), join(work, "latest.tar.zst"));
    const tar = join(work, "decompressed.tar");
    run([join(install.binDir, "zig-zstd"), "decompress", "-i", zst, "-o", tar, "--no-timing"]);
    expect(sameBytes(tar, builds[2]!.tar)).toBe(true);
    const files = await new Bun.Archive(await Bun.file(tar).arrayBuffer()).files();
    const versionFile = [...files.keys()].find((path) => path.endsWith("Resources/version.json"));
    expect(versionFile).toBe("Milady-canary/Resources/version.json");
    expect(JSON.parse(await files.get(versionFile!)!.text())).toMatchObject({
      version: "1.2.0",
      hash: builds[2]!.info.hash,
    });
  });

  test("the patches, named after the build they start from, chain 1.0.0 -> 1.2.0 through the bspatch wrapper", async () => {
    let current = builds[0]!;
    for (const next of builds.slice(1)) {
      const patch = await download(
        `canary-${OS}-${ARCH}-${current.info.hash}.patch`,
        join(work, `${current.info.hash}.patch`),
      );
      const out = join(work, `from-${current.info.hash}.tar`);
      run([join(install.binDir, "bspatch"), current.tar, out, patch]);
      expect(sameBytes(out, next.tar)).toBe(true);
      current = next;
    }
    const size = (name: string) => statSync(join(feed.dir, name)).size;
    const archive = size(tarballName("Milady", "canary"));
    const patch = size(`canary-${OS}-${ARCH}-${builds[0]!.info.hash}.patch`);
    // Builds that share most of their bytes: the patch is a small fraction of the archive.
    expect(patch * 20).toBeLessThan(archive);
    console.log(`feed sizes: tar ${statSync(builds[2]!.tar).size} B, .tar.zst ${archive} B, patch ${patch} B`);
  });

  test("a missing file is a 404 (what Electrobun treats as no patch)", async () => {
    const res = await fetch(`${feed.url}/canary-${OS}-${ARCH}-nosuchhash.patch`);
    expect(res.status).toBe(404);
  });
});
