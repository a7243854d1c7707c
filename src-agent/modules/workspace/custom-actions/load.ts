import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import type { PluginStatus } from "../../../../src-shared/protocol";
import { type CustomActionSpec, customActionSchema } from "./schema";

export interface LoadedCustomAction {
  file: string;
  spec: CustomActionSpec;
}

export interface CustomActionsLoad {
  actions: LoadedCustomAction[];
  /** One per file, for the Plugins tab and /api/plugins (source "custom"). */
  statuses: PluginStatus[];
  /** One line per file that was not loaded: file, field, what to fix. */
  problems: string[];
}

const FIX = "Fix it (see README, Custom actions), then restart the agent.";

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(the file)"}: ${issue.message}`)
    .join("; ");
}

/**
 * Reads every custom-actions/*.json. A bad file is reported (file name, field path, what to
 * fix) and skipped; a shell action is refused unless features.shellEnabled is true; a name
 * already taken (by Milady's own actions or another file) is refused.
 */
export function loadCustomActions(
  dir: string,
  opts: { shellEnabled: boolean; reserved: readonly string[] },
): CustomActionsLoad {
  const out: CustomActionsLoad = { actions: [], statuses: [], problems: [] };
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort();
  } catch {
    return out; // no custom-actions folder: nothing to load
  }
  const taken = new Set(opts.reserved.map((n) => n.toUpperCase()));
  const report = (file: string, status: PluginStatus["status"], reason: string, name?: string) => {
    out.statuses.push({
      name: `custom-actions/${file}`,
      status,
      reason,
      source: "custom",
      ...(name ? { description: name } : {}),
    });
    out.problems.push(`custom-actions/${file}: ${reason}`);
  };
  for (const file of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), "utf8"));
    } catch (error) {
      report(file, "failed", `not valid JSON (${(error as Error).message}). ${FIX}`);
      continue;
    }
    const parsed = customActionSchema.safeParse(raw);
    if (!parsed.success) {
      report(file, "failed", `${describe(parsed.error)}. ${FIX}`);
      continue;
    }
    const spec = parsed.data;
    if (spec.kind === "shell" && !opts.shellEnabled) {
      report(
        file,
        "refused",
        `${spec.name} is a shell action and the shell is off (features.shellEnabled is false). To allow it: milady config set features.shellEnabled true, then restart the agent.`,
        spec.name,
      );
      continue;
    }
    const clash = [spec.name, ...spec.similes].find((n) => taken.has(n));
    if (clash) {
      report(file, "refused", `the name ${clash} is already taken by another action. Rename it in ${file}.`, spec.name);
      continue;
    }
    for (const n of [spec.name, ...spec.similes]) taken.add(n);
    out.actions.push({ file, spec });
    out.statuses.push({
      name: `custom-actions/${file}`,
      status: "loaded",
      source: "custom",
      description: `${spec.name} (${spec.kind}): ${spec.description}`,
    });
  }
  return out;
}
