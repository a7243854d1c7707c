import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The parts of a plugin's package.json that Milady reads. */
export interface PluginPackageJson {
  name: string;
  version: string;
  description?: string;
  keywords?: string[];
  tags?: string[];
  main?: string;
  module?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  agentConfig?: { pluginType?: string; pluginParameters?: Record<string, unknown> };
  repository?: unknown;
  homepage?: string;
}

export function readPackageJson(dir: string): PluginPackageJson | undefined {
  const file = join(dir, "package.json");
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as PluginPackageJson;
    return typeof parsed?.name === "string" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a package says it is an elizaOS plugin: a keyword or tag (elizaos, elizaos-plugins...),
 * the 1.x `agentConfig.pluginType`, an @elizaos/plugin-* name, or a dependency on @elizaos/core.
 * Import-time checks (a plugin export) belong to the loader; this only reads package.json.
 */
export function looksLikeElizaPlugin(pkg: PluginPackageJson): boolean {
  const words = [...(pkg.keywords ?? []), ...(pkg.tags ?? [])].map((w) => String(w).toLowerCase());
  if (words.some((w) => w.includes("elizaos") || w === "eliza-plugin" || w === "ai16z")) return true;
  if (pkg.agentConfig?.pluginType?.startsWith("elizaos:")) return true;
  if (/^@elizaos(-plugins)?\/plugin-/.test(pkg.name)) return true;
  return Boolean(pkg.peerDependencies?.["@elizaos/core"] ?? pkg.dependencies?.["@elizaos/core"]);
}
