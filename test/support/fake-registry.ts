/**
 * A fake npm registry on loopback (a test double of registry.npmjs.org, which is not ours to
 * publish to): serves packuments with dist-tags and, for versions given a package dir, a real
 * tarball made by `npm pack`, so npm itself can install from it.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface FakeRegistry {
  url: string;
  /** Requests seen, "METHOD path". */
  requests: string[];
  stop(): void;
}

export interface FakePackage {
  name: string;
  distTags: Record<string, string>;
  /** Versions npm can install: each becomes a tarball of a tiny package with that name and version. */
  installable?: string[];
}

async function packVersion(name: string, version: string): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "fake-pkg-"));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name, version, description: "fake package for update tests", bin: { [name]: "cli.js" } }),
  );
  writeFileSync(join(dir, "cli.js"), `#!/usr/bin/env node\nconsole.log("${name} ${version}");\n`);
  const out = mkdtempSync(join(tmpdir(), "fake-pack-"));
  const proc = Bun.spawn(["npm", "pack", "--pack-destination", out], { cwd: dir, stdout: "ignore", stderr: "pipe" });
  if ((await proc.exited) !== 0) throw new Error(`npm pack failed: ${await new Response(proc.stderr).text()}`);
  const tgz = readFileSync(join(out, readdirSync(out)[0]!));
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  return tgz;
}

export async function startFakeRegistry(packages: FakePackage[]): Promise<FakeRegistry> {
  const requests: string[] = [];
  const tarballs = new Map<string, Buffer>();
  for (const pkg of packages)
    for (const version of pkg.installable ?? [])
      tarballs.set(`${pkg.name}-${version}.tgz`, await packVersion(pkg.name, version));
  let port = 0;
  const server: ReturnType<typeof Bun.serve> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request): Response {
      const url = new URL(request.url);
      requests.push(`${request.method} ${url.pathname}`);
      const file = url.pathname.split("/").pop() ?? "";
      const tgz = tarballs.get(file);
      if (tgz) return new Response(new Uint8Array(tgz), { headers: { "content-type": "application/octet-stream" } });
      const pkg = packages.find((p) => `/${p.name}` === decodeURIComponent(url.pathname));
      if (!pkg) return new Response(JSON.stringify({ error: "Not found" }), { status: 404 });
      const base = `http://127.0.0.1:${port}`;
      const versions: Record<string, unknown> = Object.fromEntries(
        [...new Set([...Object.values(pkg.distTags), ...(pkg.installable ?? [])])].map((version) => {
          const tgz = tarballs.get(`${pkg.name}-${version}.tgz`);
          const dist = tgz
            ? {
                tarball: `${base}/${pkg.name}/-/${pkg.name}-${version}.tgz`,
                shasum: createHash("sha1").update(tgz).digest("hex"),
                integrity: `sha512-${createHash("sha512").update(tgz).digest("base64")}`,
              }
            : { tarball: `${base}/${pkg.name}/-/${pkg.name}-${version}.tgz` };
          return [version, { name: pkg.name, version, dist, bin: { [pkg.name]: "cli.js" } }];
        }),
      );
      return Response.json({ name: pkg.name, "dist-tags": pkg.distTags, versions });
    },
  });
  port = server.port ?? 0;
  return { url: `http://127.0.0.1:${port}/`, requests, stop: () => void server.stop(true) };
}
