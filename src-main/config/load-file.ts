import { existsSync, readFileSync } from "node:fs";
import { configSchema } from "../../src-shared/config";
import { ConfigError, describeIssues } from "./config-error";

export type RawConfig = Record<string, unknown>;

/** Reads milady.json as a plain object; a missing file is an empty one. Never writes. */
export function readRawConfig(file: string): RawConfig {
  if (!existsSync(file)) return {};
  const text = readFileSync(file, "utf8");
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `${file} is not valid JSON (${(error as Error).message}). Fix the file by hand or move it away to start from defaults; Milady will not overwrite it.`,
      file,
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConfigError(`${file} must hold a JSON object ({ ... }).`, file);
  }
  validateRaw(parsed as RawConfig, file);
  return parsed as RawConfig;
}

/** Throws a ConfigError naming the source and key when the object is not a valid config. */
export function validateRaw(raw: RawConfig, source: string): void {
  const result = configSchema.safeParse(raw);
  if (result.success) return;
  const { key, text } = describeIssues(result.error.issues);
  throw new ConfigError(
    `${source} is invalid at "${key}":\n${text}\nFix it with \`milady config set KEY VALUE\` or edit the file; it was not changed.`,
    source,
    key,
  );
}
