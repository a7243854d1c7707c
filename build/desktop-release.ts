/**
 * Release channels of the desktop app. Electrobun 1.18.1 builds the environments dev, canary
 * and stable, and a built app checks only its own channel's feed
 * (`<baseUrl>/<channel>-<os>-<arch>-update.json`, channel from its version.json). Milady also
 * offers beta, so beta is its own app: "Milady Beta", its own identifier (its own app-data
 * folder, installed next to Milady) and feed folder (`<baseUrl>/beta`), built as stable.
 */

export type MiladyChannel = "stable" | "beta" | "canary" | "dev";

/** The `electrobun build --env=` a Milady channel is built with. */
export function electrobunEnv(channel: MiladyChannel): "stable" | "canary" | "dev" {
  return channel === "beta" ? "stable" : channel;
}

export interface AppIdentity {
  name: string;
  identifier: string;
  /** Electrobun's release.baseUrl: where this app's update.json, archives and patches live. */
  baseUrl: string;
}

export const STABLE_IDENTIFIER = "app.milady.desktop";

/** What electrobun.config.ts builds for `channel` (the build sets MILADY_CHANNEL). */
export function appIdentity(channel: MiladyChannel, releaseBaseUrl: string): AppIdentity {
  const base = releaseBaseUrl.replace(/\/+$/, "");
  if (channel === "beta")
    return { name: "Milady Beta", identifier: `${STABLE_IDENTIFIER}.beta`, baseUrl: `${base}/beta` };
  return { name: "Milady", identifier: STABLE_IDENTIFIER, baseUrl: base };
}

export function parseChannel(value: string | undefined): MiladyChannel {
  const channel = value ?? "dev";
  if (channel === "stable" || channel === "beta" || channel === "canary" || channel === "dev") return channel;
  throw new Error(`unknown channel "${channel}": use stable, beta, canary or dev`);
}
