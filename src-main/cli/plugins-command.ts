import { resolve } from "node:path";
import type { Command } from "commander";
import type { PluginInfo, PluginListEntry } from "../../src-shared/contracts";
import { MiladyError } from "../../src-shared/protocol";
import type { FileConfigStore } from "../config";
import { fail, globalOptions, openConfig, UsageError } from "./context";
import { type PluginsBackend, pluginsBackend } from "./plugins-backend";

const out = (text: string): void => {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
};
const note = (text: string) => process.stderr.write(`${text}\n`);

function applyNote(backend: PluginsBackend): void {
  note(
    backend.running
      ? "Restart the agent to apply (the dashboard offers a Restart button)."
      : "It applies when Milady next starts.",
  );
}

function listLine(p: PluginListEntry): string {
  const version = p.version ? `@${p.version}` : "";
  const source = p.source ? `  [${p.source}]` : "";
  const reason = p.reason ? `  ${p.reason}` : "";
  return `${p.status.padEnd(8)} ${p.name}${version}${source}${reason}`;
}

function infoText(info: PluginInfo): string {
  const lines = [
    `${info.name}${info.version ? ` ${info.version}` : ""}`,
    ...(info.description ? [`  ${info.description}`] : []),
    `  source: ${info.source ?? "unknown"}${info.path ? ` (${info.path})` : ""}`,
    `  status: ${info.status ?? "not loaded"}${info.reason ? `: ${info.reason}` : ""}${info.enabled ? "" : " (disabled)"}`,
    ...(info.install ? [`  installed: ${info.install.spec} on ${info.install.installedAt}`] : []),
    ...(info.coreRange ? [`  @elizaos/core: ${info.coreRange}`] : []),
    ...info.warnings.map((w) => `  warning: ${w}`),
  ];
  if (info.parameters.length === 0) lines.push("  parameters: none declared");
  else lines.push("  parameters:");
  for (const p of info.parameters) {
    const flags = [p.required ? "required" : "optional", p.secret ? "secret" : p.type].join(", ");
    const value = p.set ? String(p.value) : p.default !== undefined ? `(default ${p.default})` : "(not set)";
    lines.push(`    ${p.key} = ${value}  [${flags}]${p.description ? `  ${p.description}` : ""}`);
  }
  return lines.join("\n");
}

/** KEY=VALUE words -> values; an empty VALUE removes the setting. */
export function parseAssignments(words: string[]): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  for (const word of words) {
    const eq = word.indexOf("=");
    if (eq <= 0) {
      throw new UsageError(
        `"${word}" is not KEY=VALUE`,
        "For example: milady plugins configure @elizaos/plugin-telegram TELEGRAM_BOT_TOKEN=123:abc",
      );
    }
    const value = word.slice(eq + 1);
    values[word.slice(0, eq)] = value === "" ? null : value;
  }
  return values;
}

/** An error with a wire code: its message and fix, exit 2 for a wrong call, 1 otherwise. */
function failPlugins(error: unknown, command: Command): never {
  const global = globalOptions(command);
  if (error instanceof MiladyError) {
    const usage = error.code === "validation_failed" || error.code === "not_found" || error.code === "conflict";
    fail(usage ? new UsageError(error.message, error.fix ?? "") : error, global);
  }
  fail(error, global);
}

type Act<A extends unknown[]> = (backend: PluginsBackend, store: FileConfigStore, ...args: A) => Promise<void>;

/** `milady plugins ...`: list, search, info, install, uninstall, enable, disable, configure, eject, paths, add-path. */
export function registerPluginsCommand(program: Command): void {
  const plugins = program
    .command("plugins")
    .description("install and manage elizaOS plugins (through the running Milady's API when it runs)");
  const act =
    <A extends unknown[]>(body: Act<A>) =>
    async (...args: [...A, Command]) => {
      const command = args[args.length - 1] as Command;
      const store = openConfig(globalOptions(command));
      try {
        await body(await pluginsBackend(store), store, ...(args.slice(0, -1) as A));
      } catch (error) {
        failPlugins(error, command);
      }
    };
  const json = (value: unknown): void => {
    out(JSON.stringify(value, null, 2));
  };

  plugins
    .command("list")
    .description("every plugin Milady knows, with its status, source and version")
    .option("--json", "machine-readable JSON")
    .action(
      act(async (backend, _store, opts: { json?: boolean }) => {
        const list = await backend.list();
        if (opts.json) return json(list);
        if (!backend.running)
          note("Milady is not running: statuses come from the config (the agent reports loaded/failed).");
        if (list.length === 0) out("No plugins yet. Find one with `milady plugins search WORD`.");
        for (const p of list) out(listLine(p));
      }),
    );

  plugins
    .command("search <words...>")
    .description("search the npm registry for elizaOS plugins")
    .option("--limit <n>", "at most this many results", "20")
    .option("--json", "machine-readable JSON")
    .action(
      act(async (backend, _store, words: string[], opts: { limit: string; json?: boolean }) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 50)
          throw new UsageError("--limit must be 1 to 50", "e.g. --limit 10");
        const answer = await backend.search(words.join(" "), limit);
        if (opts.json) return json(answer);
        if (answer.mode === "name") note(`${answer.registry} has no search API: looked the name up instead.`);
        if (answer.results.length === 0) out(`No elizaOS plugins found for "${words.join(" ")}".`);
        for (const hit of answer.results) {
          out(
            `${hit.name}@${hit.version}${hit.installed ? "  (installed)" : ""}${hit.description ? `  ${hit.description}` : ""}`,
          );
        }
      }),
    );

  plugins
    .command("info <name>")
    .description("a plugin's version, source, status and parameters (secrets masked)")
    .option("--json", "machine-readable JSON")
    .action(
      act(async (backend, _store, name: string, opts: { json?: boolean }) => {
        const info = await backend.info(name);
        if (opts.json) json(info);
        else out(infoText(info));
      }),
    );

  plugins
    .command("install <spec>")
    .description("install NAME, NAME@VERSION or a .tgz into <state>/plugins/installed (install scripts off)")
    .option("--allow-scripts", "let the package run its install scripts (only for a package you trust)")
    .option("--json", "print the install record as JSON")
    .action(
      act(async (backend, _store, spec: string, opts: { allowScripts?: boolean; json?: boolean }) => {
        // A local tarball is read by whoever runs npm: make its path absolute for the server.
        const target = spec.endsWith(".tgz") ? resolve(spec) : spec;
        const result = await backend.install(target, {
          allowScripts: opts.allowScripts,
          onProgress: (p) => {
            if (!opts.json) note(`${p.phase}: ${p.message}`);
          },
        });
        for (const warning of result.warnings) note(`warning: ${warning}`);
        if (opts.json) json(result);
        else out(`Installed ${result.name}@${result.version} in ${result.path}`);
        applyNote(backend);
      }),
    );

  plugins
    .command("uninstall <name>")
    .description("remove a plugin installed with `milady plugins install`, and its record")
    .action(
      act(async (backend, _store, name: string) => {
        await backend.uninstall(name);
        out(`Uninstalled ${name}`);
        applyNote(backend);
      }),
    );

  for (const [verb, enable] of [
    ["enable", true],
    ["disable", false],
  ] as const) {
    plugins
      .command(`${verb} <name>`)
      .description(`${verb} a plugin from the next agent start`)
      .action(
        act(async (backend, _store, name: string) => {
          await (enable ? backend.enable(name) : backend.disable(name));
          out(`${enable ? "Enabled" : "Disabled"} ${name}`);
          applyNote(backend);
        }),
      );
  }

  plugins
    .command("configure <name> <assignments...>")
    .description("set a plugin's parameters: KEY=VALUE (secrets go to the state .env; KEY= removes)")
    .option("--json", "print the plugin's info as JSON")
    .action(
      act(async (backend, _store, name: string, words: string[], opts: { json?: boolean }) => {
        const info = await backend.configure(name, parseAssignments(words));
        if (opts.json) json(info);
        else out(infoText(info));
        applyNote(backend);
      }),
    );

  plugins
    .command("eject <name>")
    .description("copy a plugin's package into <state>/plugins/ejected to edit it (it then loads instead)")
    .action(
      act(async (backend, _store, name: string) => {
        const result = await backend.eject(name);
        out(`Ejected ${name}@${result.version} to ${result.dir}\n  (from ${result.from}; see EJECTED.md there)`);
        applyNote(backend);
      }),
    );

  plugins
    .command("paths")
    .description("the plugin directories: installed, ejected, custom and plugins.load.paths")
    .option("--json", "machine-readable JSON")
    .action(
      act(async (backend, _store, opts: { json?: boolean }) => {
        const { directories } = await backend.paths();
        if (opts.json) return json(directories);
        for (const d of directories) {
          const found = d.plugins.length ? `  ${d.plugins.join(", ")}` : "";
          out(`${d.kind.padEnd(9)} ${d.path}${d.exists ? "" : "  (not created yet)"}${found}`);
        }
      }),
    );

  plugins
    .command("add-path <dir>")
    .description("add a directory whose subdirectories are plugins to plugins.load.paths")
    .action(
      act(async (backend, _store, dir: string) => {
        const result = await backend.addPath(resolve(dir));
        for (const warning of result.warnings) note(`warning: ${warning}`);
        out(`Added ${result.added} to plugins.load.paths`);
        applyNote(backend);
      }),
    );
}
