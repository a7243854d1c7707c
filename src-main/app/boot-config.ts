import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, isAbsolute, join, resolve } from "node:path";
import { PROVIDER_KEY } from "../../src-shared/config";
import { GGUF_HEADER_BYTES, readGgufHeader } from "../../src-shared/gguf";
import type { AgentBootConfig, ModelProvider, WireError } from "../../src-shared/protocol";
import { effectiveProvider, type FileConfigStore } from "../config";

/** llama.cpp defaults to >= 4 threads, which thrashes on small machines: leave one core for the server. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Where a model reference points on disk (an hf: URI lands in <state>/models). */
export function resolveModelRef(ref: string, modelsDir: string): { path: string; hfUri?: string } {
  if (ref.startsWith("hf:")) return { path: join(modelsDir, basename(ref.replace(/@[^/]*$/, ""))), hfUri: ref };
  if (isAbsolute(ref)) return { path: ref };
  const inModels = join(modelsDir, ref);
  return { path: existsSync(inModels) ? inModels : resolve(ref) };
}

/** Why a model file cannot be used, or undefined when it is a readable GGUF. */
export function checkModelFile(path: string): string | undefined {
  if (!existsSync(path)) return `model file ${path} does not exist`;
  const bytes = new Uint8Array(GGUF_HEADER_BYTES);
  try {
    const fd = openSync(path, "r");
    readSync(fd, bytes, 0, bytes.length, 0);
    closeSync(fd);
  } catch (error) {
    return `model file ${path} cannot be read (${(error as Error).message})`;
  }
  return readGgufHeader(bytes) ? undefined : `model file ${path} is not a GGUF file`;
}

const SETUP_FIX =
  "Run `milady setup`, start with `--model /path/to/model.gguf` (or an hf: URI), or add a provider key in the dashboard (Models).";

export interface BootDeps {
  /** Downloads an hf: model into modelsDir; returns its path. */
  download?: (uri: string) => Promise<string>;
}

/** Builds what the agent needs for one start, from the effective config. */
export async function prepareBootConfig(store: FileConfigStore, deps: BootDeps = {}): Promise<AgentBootConfig> {
  const config = store.current();
  const secrets = store.secrets();
  const { paths } = store;
  // The scripted model is a test double for tests and the bench; it is never chosen by config.
  let provider: ModelProvider =
    process.env.MILADY_SCRIPTED_MODEL === "1" ? "scripted" : effectiveProvider(config, secrets);
  let noModelReason: WireError | undefined;
  let modelPath: string | undefined;
  let embeddingPath: string | undefined;

  if (provider === "local") {
    const ref = config.models.local.path;
    if (!ref) {
      noModelReason = {
        code: "no_model",
        message: "The local provider is selected but no model file is set.",
        fix: SETUP_FIX,
      };
    } else {
      const target = resolveModelRef(ref, paths.modelsDir);
      if (target.hfUri && !existsSync(target.path) && deps.download) {
        target.path = await deps.download(target.hfUri);
      }
      const problem = checkModelFile(target.path);
      if (problem)
        noModelReason = { code: "no_model", message: `${problem}, so the agent cannot reply.`, fix: SETUP_FIX };
      else modelPath = target.path;
    }
    if (config.models.local.embeddingPath) {
      const target = resolveModelRef(config.models.local.embeddingPath, paths.modelsDir);
      if (!checkModelFile(target.path)) embeddingPath = target.path;
    }
  } else if (PROVIDER_KEY[provider] && !secrets[PROVIDER_KEY[provider]!]) {
    const key = PROVIDER_KEY[provider]!;
    noModelReason = {
      code: "no_model",
      message: `The ${provider} provider is selected but ${key} is not set, so the agent cannot reply.`,
      fix: `Add the key in the dashboard (Models) or run \`milady config set ${key} <key>\`.`,
    };
  } else if (provider === "ollama" && !config.models.ollamaEndpoint) {
    noModelReason = {
      code: "no_model",
      message: "Ollama is selected but no endpoint is set.",
      fix: "Set OLLAMA_API_ENDPOINT, e.g. http://127.0.0.1:11434.",
    };
  } else if (provider === "none") {
    noModelReason = { code: "no_model", message: "No model is configured, so the agent cannot reply.", fix: SETUP_FIX };
  }
  if (noModelReason) provider = "none";

  return {
    stateDir: paths.stateDir,
    dataDir: paths.dataDir,
    postgresUrl: config.database.postgresUrl ?? secrets.POSTGRES_URL,
    modelsDir: paths.modelsDir,
    character: config.character,
    provider,
    local: {
      path: modelPath,
      embeddingPath,
      threads: config.models.local.threads ?? defaultThreads(),
      contextSize: config.models.local.contextSize,
      maxTokens: config.models.local.maxTokens,
      idleUnloadSeconds: config.models.local.idleUnloadSeconds,
      temperature: config.models.local.temperature,
    },
    ollamaEndpoint: config.models.ollamaEndpoint,
    remoteModel: config.models.remoteModel,
    secrets,
    logLevel: config.logging.level,
    disabledPlugins: config.plugins.disabled,
    noModelReason,
  };
}
