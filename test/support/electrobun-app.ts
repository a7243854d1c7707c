/**
 * A temp dir laid out like an installed Electrobun app, for running Electrobun's own Updater
 * outside a built app: `bin/bun` (a hard link to, or copy of, the Bun running the tests, so it
 * is process.execPath), `bin/zig-zstd` and `bin/bspatch` next to it (wrapper scripts over
 * Debian's zstd and bspatch: the Updater looks its helpers up beside process.execPath),
 * `Resources/version.json`, and an XDG_DATA_HOME of its own for the Updater's app data.
 */
import { chmodSync, copyFileSync, linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BuildInfo, tool } from "./update-feed";

export interface FakeInstall {
  root: string;
  binDir: string;
  bun: string;
  dataHome: string;
  /** `<XDG_DATA_HOME>/<identifier>/<channel>`: Electrobun's appDataFolder. */
  appData: string;
  remove(): void;
}

/** zig-zstd's command line as Electrobun runs it (`decompress -i IN -o OUT --no-timing`), on Debian's zstd. */
function zigZstdWrapper(zstd: string): string {
  return `#!/bin/sh
mode=$1; shift
in=; out=
while [ $# -gt 0 ]; do
  case "$1" in
    -i) in=$2; shift 2 ;;
    -o) out=$2; shift 2 ;;
    *) shift ;;
  esac
done
case "$mode" in
  decompress) exec "${zstd}" -d -q -f "$in" -o "$out" ;;
  compress) exec "${zstd}" -q -f -T0 "$in" -o "$out" ;;
  *) echo "zig-zstd wrapper: unknown mode $mode" >&2; exit 2 ;;
esac
`;
}

export function layOutApp(info: BuildInfo): FakeInstall {
  const root = mkdtempSync(join(tmpdir(), "milady-fake-app-"));
  const binDir = join(root, "bin");
  mkdirSync(binDir, { recursive: true });
  mkdirSync(join(root, "Resources"), { recursive: true });
  writeFileSync(join(root, "Resources", "version.json"), JSON.stringify(info));
  const bun = join(binDir, "bun");
  // A symlink would not do: Bun resolves it, and process.execPath would point back into node_modules.
  try {
    linkSync(process.execPath, bun);
  } catch {
    copyFileSync(process.execPath, bun);
    chmodSync(bun, 0o755);
  }
  const script = (name: string, text: string) => {
    writeFileSync(join(binDir, name), text);
    chmodSync(join(binDir, name), 0o755);
  };
  script("zig-zstd", zigZstdWrapper(tool("zstd")));
  script("bspatch", `#!/bin/sh\nexec "${tool("bspatch")}" "$1" "$2" "$3"\n`);
  const dataHome = join(root, "xdg-data");
  return {
    root,
    binDir,
    bun,
    dataHome,
    appData: join(dataHome, info.identifier, info.channel),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
