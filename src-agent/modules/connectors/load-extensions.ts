import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin } from "@elizaos/core";
import type { AgentBootConfig } from "../../../src-shared/protocol";
import { CONNECTORS } from "../../../src-shared/protocol/connectors";
import type { PluginCandidate } from "../../runtime/plugin-loader";
import type { AgentLog } from "../../runtime/types";
import { extensionFailed, guardExtension, MCP_PLUGIN } from "./guard-extension";

/** The ESM entry of an installed package directory (exports ".", then module, then main). */
export function packageEntry(dir: string): string {
  const pkgFile = join(dir, "package.json");
  if (!existsSync(pkgFile)) throw new Error(`${dir} has no package.json (the install is broken: reinstall it)`);
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as {
    exports?: unknown;
    module?: string;
    main?: string;
  };
  const dot = (pkg.exports as Record<string, unknown> | undefined)?.["."] ?? pkg.exports;
  const pick = (e: unknown): string | undefined => {
    if (typeof e === "string") return e;
    if (e && typeof e === "object") {
      const o = e as Record<string, unknown>;
      return pick(o.import) ?? pick(o.node) ?? pick(o.default);
    }
    return undefined;
  };
  return join(dir, pick(dot) ?? pkg.module ?? pkg.main ?? "index.js");
}

async function importPackage(dir: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(packageEntry(dir)).href)) as Record<string, unknown>;
}

/**
 * The connector plugins and plugin-mcp main asked for (boot.extensions: installed paths), as
 * plugin candidates behind their guards (guard-extension.ts). A plugin that cannot be imported
 * fails alone, like any other, and its connector or servers say why.
 */
export function extensionCandidates(boot: AgentBootConfig, log: AgentLog): PluginCandidate[] {
  const ext = boot.extensions;
  if (!ext) return [];
  const wanted = [
    ...ext.connectors.flatMap((c) => (c.path ? [{ name: CONNECTORS[c.id].plugin, path: c.path }] : [])),
    ...(ext.mcp?.path && Object.keys(ext.mcp.servers).length > 0 ? [{ name: MCP_PLUGIN, path: ext.mcp.path }] : []),
  ];
  return wanted.map(({ name, path }) => ({
    name,
    load: async () => {
      try {
        const mod = await importPackage(path);
        return guardExtension(name, (mod.default ?? mod) as Plugin, boot, log);
      } catch (err) {
        extensionFailed(name, (err as Error).message, boot);
        throw err;
      }
    },
  }));
}
