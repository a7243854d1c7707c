/**
 * Electrobun names release artifacts `<channel>-<os>-<arch>-…` and knows the
 * build environments dev, canary and stable. Milady also offers beta: a stable
 * build published under beta names. The app follows the channel its user picks
 * (Settings > Updates), so the feed prefix is all that differs.
 */
import { readdirSync, renameSync } from "node:fs";
import { join } from "node:path";

export type MiladyChannel = "stable" | "beta" | "canary" | "dev";

/** The `electrobun build --env=` a Milady channel is built with. */
export function electrobunEnv(channel: MiladyChannel): "stable" | "canary" | "dev" {
  return channel === "beta" ? "stable" : channel;
}

/** Renames `<from>-…` artifacts (update.json, archives, patches) to `<to>-…`; returns the new names. */
export function publishUnderChannel(artifactDir: string, from: string, to: string): string[] {
  if (from === to) return [];
  const renamed: string[] = [];
  for (const name of readdirSync(artifactDir)) {
    if (!name.startsWith(`${from}-`)) continue;
    const next = `${to}-${name.slice(from.length + 1)}`;
    renameSync(join(artifactDir, name), join(artifactDir, next));
    renamed.push(next);
  }
  return renamed;
}

export function parseChannel(value: string | undefined): MiladyChannel {
  const channel = value ?? "dev";
  if (channel === "stable" || channel === "beta" || channel === "canary" || channel === "dev") return channel;
  throw new Error(`unknown channel "${channel}": use stable, beta, canary or dev`);
}
