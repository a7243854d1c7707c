import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin } from "@elizaos/core";
import type { AgentBootConfig } from "../../../src-shared/protocol";
import { CONNECTORS } from "../../../src-shared/protocol/connectors";
import type { PluginCandidate } from "../../runtime/plugin-loader";
import type { AgentLog } from "../../runtime/types";
import { guardConnectorPlugin } from "./connector-guard";
import { extensionState } from "./extension-state";
import { guardMcpPlugin } from "./mcp-guard";

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
 * plugin candidates wrapped in their guards (connector-guard.ts, mcp-guard.ts). A plugin that
 * cannot be imported fails alone, like any other.
 */
export function extensionCandidates(boot: AgentBootConfig, log: AgentLog): PluginCandidate[] {
  const ext = boot.extensions;
  if (!ext) return [];
  const out: PluginCandidate[] = ext.connectors.map((c) => ({
    name: CONNECTORS[c.id].plugin,
    load: async () => {
      try {
        const mod = await importPackage(c.path);
        return guardConnectorPlugin((mod.default ?? mod) as Plugin, {
          id: c.id,
          state: extensionState,
          log,
          apiBase: c.apiBase,
        });
      } catch (err) {
        extensionState.connector(c.id, {
          status: "failed",
          reason: `its plugin did not load: ${(err as Error).message}`,
        });
        throw err;
      }
    },
  }));
  const mcp = ext.mcp;
  if (mcp && Object.keys(mcp.servers).length > 0) {
    out.push({
      name: "@elizaos/plugin-mcp",
      load: async () => {
        try {
          return guardMcpPlugin(await importPackage(mcp.path), { servers: mcp.servers, state: extensionState, log });
        } catch (err) {
          for (const name of Object.keys(mcp.servers)) {
            extensionState.server(name, {
              status: "failed",
              reason: `plugin-mcp did not load: ${(err as Error).message}`,
            });
          }
          throw err;
        }
      },
    });
  }
  return out;
}
