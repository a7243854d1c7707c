import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/**
 * The settings contract of @elizaos/plugin-local-embedding (2.0 line; it cannot install
 * cleanly here, see docs/dependency-notes.md), implemented on node-llama-cpp so users moving
 * over keep their files and variables:
 *   MODELS_DIR                  folder of GGUF files (plugin default ~/.eliza/models; ours <state>/models)
 *   LOCAL_EMBEDDING_MODEL       file name inside MODELS_DIR (default bge-small-en-v1.5.Q4_K_M.gguf)
 *   LOCAL_EMBEDDING_DIMENSIONS  the vector size the plugin announces (we pad to plugin-sql sizes anyway)
 * The plugin downloads the file when missing; we never download implicitly: we fall back
 * to the chat model, which llama.cpp can also embed with (mean pooling).
 */
export const DEFAULT_LOCAL_EMBEDDING_MODEL = "bge-small-en-v1.5.Q4_K_M.gguf";

/** Keys a caller may use for an explicit embedding file (milady.json models.local.embeddingPath is passed as `embeddingPath`). */
const EXPLICIT_KEYS = ["embeddingPath", "MILADY_EMBEDDING_MODEL"] as const;

function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * Which GGUF file serves embeddings: an explicit path > LOCAL_EMBEDDING_MODEL in MODELS_DIR
 * when that file exists > the chat model (undefined when there is none either).
 */
export function resolveEmbeddingModelPath(
  settings: Record<string, string | undefined>,
  defaults: { modelsDir: string; chatModelPath?: string },
): string | undefined {
  const modelsDir = resolve(expandHome(nonEmpty(settings.MODELS_DIR) ?? defaults.modelsDir));
  const inModelsDir = (file: string): string => {
    const expanded = expandHome(file);
    return isAbsolute(expanded) ? expanded : join(modelsDir, expanded);
  };
  for (const key of EXPLICIT_KEYS) {
    const explicit = nonEmpty(settings[key]);
    // Returned even when missing: the loader then tells the user the path is wrong.
    if (explicit) return inModelsDir(explicit);
  }
  const candidate = inModelsDir(nonEmpty(settings.LOCAL_EMBEDDING_MODEL) ?? DEFAULT_LOCAL_EMBEDDING_MODEL);
  if (existsSync(candidate)) return candidate;
  return defaults.chatModelPath;
}

/** LOCAL_EMBEDDING_DIMENSIONS (plugin-local-embedding) or EMBEDDING_DIMENSION (core), when a positive integer. */
export function resolveEmbeddingDimensionSetting(settings: Record<string, string | undefined>): number | undefined {
  for (const key of ["LOCAL_EMBEDDING_DIMENSIONS", "EMBEDDING_DIMENSION"]) {
    const parsed = Number.parseInt(settings[key]?.trim() ?? "", 10);
    if (Number.isInteger(parsed) && parsed > 0) return parsed;
  }
  return undefined;
}
