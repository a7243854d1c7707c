import type { UpdateChannel } from "../../src-shared/protocol";
import { compareVersions } from "./semver";

export type { UpdateChannel };

/** The npm dist-tag each channel follows. */
export const CHANNEL_TAG: Record<UpdateChannel, string> = { stable: "latest", beta: "beta", canary: "canary" };

export interface UpdateCheck {
  current: string;
  latest: string;
  channel: UpdateChannel;
  updateAvailable: boolean;
}

/** The registry npm itself uses (npm_config_registry), unless MILADY_UPDATE_REGISTRY says otherwise (tests, mirrors). */
export function updateRegistry(env: Record<string, string | undefined> = process.env): string {
  return (env.MILADY_UPDATE_REGISTRY || env.npm_config_registry || "https://registry.npmjs.org/").replace(/\/+$/, "");
}

export class RegistryUnreachable extends Error {
  constructor(registry: string, why: string) {
    super(`cannot check for updates: the npm registry ${registry} did not answer (${why})`);
    this.name = "RegistryUnreachable";
  }
}

/** Asks the registry which version the channel's dist-tag points at and compares it with ours. */
export async function checkRegistry(options: {
  name: string;
  current: string;
  channel: UpdateChannel;
  registry?: string;
  timeoutMs?: number;
}): Promise<UpdateCheck> {
  const registry = options.registry ?? updateRegistry();
  const tag = CHANNEL_TAG[options.channel];
  const url = `${registry}/${options.name.replace("/", "%2f")}`;
  let response: Response;
  try {
    // The abbreviated packument: dist-tags without every version's whole manifest.
    response = await fetch(url, {
      headers: { accept: "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8" },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new RegistryUnreachable(registry, (error as Error).message);
  }
  if (response.status === 404) throw new RegistryUnreachable(registry, `${options.name} is not published there`);
  if (!response.ok) throw new RegistryUnreachable(registry, `HTTP ${response.status}`);
  const packument = (await response.json().catch(() => ({}))) as { "dist-tags"?: Record<string, string> };
  const latest = packument["dist-tags"]?.[tag];
  if (!latest) throw new RegistryUnreachable(registry, `${options.name} has no "${tag}" dist-tag`);
  return {
    current: options.current,
    latest,
    channel: options.channel,
    updateAvailable: compareVersions(latest, options.current) > 0,
  };
}
