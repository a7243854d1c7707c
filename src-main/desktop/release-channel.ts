import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The Milady channel of this app build. Electrobun's version.json knows only dev, canary and
 * stable; a beta app (its own identity, build/desktop-release.ts) is built as stable, and the
 * staged release.json says beta. Anything unreadable or inconsistent keeps Electrobun's word.
 */
export function appChannel(buildChannel: string, staged: unknown): string {
  const named = (staged as { channel?: unknown } | null)?.channel;
  return named === "beta" && buildChannel === "stable" ? "beta" : buildChannel;
}

/** <app root>/release.json, written by build/build-desktop.ts when it stages the app. */
export function readStagedRelease(appRoot: string): unknown {
  try {
    return JSON.parse(readFileSync(join(appRoot, "release.json"), "utf8"));
  } catch {
    return undefined;
  }
}
