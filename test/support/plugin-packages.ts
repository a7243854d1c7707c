/**
 * Real elizaOS plugin packages written by tests: a package.json with agentConfig.pluginParameters
 * and an ESM entry that imports @elizaos/core, packed with the real `npm pack` so the installer
 * installs them offline exactly as it installs one from the registry.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PluginPackageSpec {
  name: string;
  version?: string;
  description?: string;
  parameters?: Record<
    string,
    { type: string; description: string; required?: boolean; sensitive?: boolean; default?: unknown }
  >;
  keywords?: string[];
  /** A postinstall script that writes this file: proof of whether install scripts ran. */
  postinstallMarker?: string;
}

export const TEST_PLUGIN_PARAMETERS = {
  WEATHER_CITY: { type: "string", description: "City to report on", required: true },
  WEATHER_DAYS: { type: "number", description: "Days ahead", required: false, default: 3 },
  WEATHER_API_KEY: { type: "string", description: "Key for the weather API", required: true, sensitive: true },
};

/** Writes the package into `dir` (created) and returns it. */
export function writePluginPackage(dir: string, spec: PluginPackageSpec): string {
  mkdirSync(dir, { recursive: true });
  const pkg = {
    name: spec.name,
    version: spec.version ?? "1.0.0",
    description: spec.description ?? `test plugin ${spec.name}`,
    type: "module",
    main: "index.js",
    keywords: spec.keywords ?? ["elizaos-plugins"],
    peerDependencies: { "@elizaos/core": "*" },
    ...(spec.postinstallMarker
      ? { scripts: { postinstall: `node -e "require('fs').writeFileSync('${spec.postinstallMarker}', 'ran')"` } }
      : {}),
    agentConfig: { pluginType: "elizaos:plugin:1.0.0", pluginParameters: spec.parameters ?? {} },
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(
    join(dir, "index.js"),
    `import { Service } from "@elizaos/core";\nexport const coreService = Service;\nexport const plugin = { name: ${JSON.stringify(spec.name)}, description: "test" };\nexport default plugin;\n`,
  );
  return dir;
}

/** `npm pack`s the package into a temp dir; returns the tarball's path. */
export function packPluginPackage(spec: PluginPackageSpec): string {
  const work = mkdtempSync(join(tmpdir(), "milady-plugin-pack-"));
  const dir = writePluginPackage(join(work, "pkg"), spec);
  const out = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: dir, encoding: "utf8" });
  return join(work, out.trim().split("\n").at(-1)!);
}
