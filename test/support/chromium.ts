import { existsSync } from "node:fs";

export const CHROMIUM_PATH = process.env.MILADY_CHROMIUM ?? "/usr/bin/chromium";

/** Flags that work as root in a headless container without network (docs/dependency-notes.md). */
export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--enable-unsafe-swiftshader",
  "--use-angle=swiftshader",
];

/** Installs Debian's Chromium when it is missing and we may (root + apt); otherwise says how. */
export async function ensureChromium(): Promise<void> {
  if (existsSync(CHROMIUM_PATH)) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync("/usr/bin/apt-get")) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: install it (Debian: sudo apt-get install -y chromium) or set MILADY_CHROMIUM.`,
    );
  }
  process.stderr.write("Installing Chromium for the browser tests (apt-get install -y chromium)…\n");
  for (const cmd of [
    ["apt-get", "update", "-qq"],
    ["apt-get", "install", "-y", "-qq", "chromium"],
  ]) {
    const proc = Bun.spawn(cmd, {
      stdout: "ignore",
      stderr: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if ((await proc.exited) !== 0) throw new Error(`${cmd.join(" ")} failed`);
  }
}
