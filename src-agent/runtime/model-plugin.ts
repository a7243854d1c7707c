import type { Plugin } from "@elizaos/core";
import { modelsContract } from "../../src-shared/contracts";
import { type AgentBootConfig, type ModelInfo, type ModelProvider, PROVIDER_PLUGINS } from "../../src-shared/protocol";
import { createScriptedModelPlugin, HASH_EMBEDDING_DIMENSION } from "../plugins/scripted-model";
import type { AgentDeps } from "./types";

export interface ModelPluginChoice {
  /** Plugin name for `ready.plugins`. */
  name: string;
  load(): Promise<Plugin>;
  model: ModelInfo;
  /** Known embedding dimension (skips elizaOS's probe call at init). */
  embeddingDimension?: () => Promise<number | undefined>;
  /** Runtime settings for this provider (model ids). */
  settings: Record<string, string>;
}

const REMOTE: Record<string, { exportName: string; prefix: string }> = {
  openai: { exportName: "openaiPlugin", prefix: "OPENAI" },
  anthropic: { exportName: "anthropicPlugin", prefix: "ANTHROPIC" },
  openrouter: { exportName: "openrouterPlugin", prefix: "OPENROUTER" },
  groq: { exportName: "groqPlugin", prefix: "GROQ" },
  google: { exportName: "googleGenAIPlugin", prefix: "GOOGLE" },
};

function pickPlugin(mod: Record<string, unknown>, exportName: string, pkg: string): Plugin {
  const candidate = (mod[exportName] ?? mod.default) as Plugin | undefined;
  if (!candidate || typeof candidate !== "object" || !candidate.name) {
    throw new Error(`${pkg} has no plugin export (looked for "${exportName}" and default)`);
  }
  return candidate;
}

const basename = (p: string) => p.split(/[\\/]/).pop() ?? p;

/** The elizaOS model plugin for `boot.provider`, or undefined for "none". */
export function chooseModelPlugin(boot: AgentBootConfig, deps: AgentDeps): ModelPluginChoice | undefined {
  const provider: ModelProvider = boot.provider;
  if (provider === "none") return undefined;
  if (provider === "scripted") {
    return {
      name: PROVIDER_PLUGINS.scripted,
      model: { provider, name: "scripted (test double)", embeddingName: "hash-384", loaded: true },
      load: async () => createScriptedModelPlugin({ crash: deps.crash }),
      embeddingDimension: async () => HASH_EMBEDDING_DIMENSION,
      settings: {},
    };
  }
  if (provider === "local") {
    const local = boot.local;
    let llama: { embeddingDimension(): Promise<number> } | undefined;
    return {
      name: PROVIDER_PLUGINS.local,
      model: {
        provider,
        name: local.path ? basename(local.path) : undefined,
        embeddingName: local.embeddingPath ? basename(local.embeddingPath) : undefined,
        loaded: false,
      },
      load: async () => {
        if (!local.path) throw new Error("no local GGUF model is configured");
        const models = await import("../models");
        const embeddingModelPath =
          local.embeddingPath ??
          models.resolveEmbeddingModelPath(boot.secrets, { modelsDir: boot.modelsDir, chatModelPath: local.path });
        const instance = new models.LocalLlama({
          modelPath: local.path,
          embeddingModelPath,
          threads: local.threads,
          contextSize: local.contextSize,
          maxTokens: local.maxTokens,
          idleUnloadSeconds: local.idleUnloadSeconds,
          temperature: local.temperature,
          onLoadedChange: (loaded: boolean) =>
            deps.emit(modelsContract, "model_status", {
              model: {
                provider,
                name: basename(local.path ?? ""),
                embeddingName: local.embeddingPath ? basename(local.embeddingPath) : undefined,
                loaded,
              },
            }),
          log: (level, msg) => deps.log[level]("models", msg),
        });
        llama = instance;
        return models.createLocalModelPlugin(instance);
      },
      embeddingDimension: async () => llama?.embeddingDimension(),
      settings: {},
    };
  }
  if (provider === "ollama") {
    return {
      name: PROVIDER_PLUGINS.ollama,
      model: { provider, name: boot.remoteModel, loaded: true },
      load: async () => {
        const models = await import("../models");
        return models.createOllamaPlugin({
          endpoint: boot.ollamaEndpoint ?? "http://127.0.0.1:11434",
          model: boot.remoteModel,
        });
      },
      settings: {},
    };
  }
  const remote = REMOTE[provider];
  const pkg = PROVIDER_PLUGINS[provider];
  const settings: Record<string, string> = {};
  if (boot.remoteModel) {
    settings[`${remote.prefix}_LARGE_MODEL`] = boot.remoteModel;
    settings[`${remote.prefix}_SMALL_MODEL`] = boot.remoteModel;
  }
  return {
    name: pkg,
    model: { provider, name: boot.remoteModel, loaded: true },
    load: async () => pickPlugin((await import(pkg)) as Record<string, unknown>, remote.exportName, pkg),
    settings,
  };
}
