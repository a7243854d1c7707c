import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { databaseChoice, PROVIDER_KEY } from "../../src-shared/config";
import type { AgentBootConfig, ModelProvider, WireError } from "../../src-shared/protocol";
import { effectiveProvider, type FileConfigStore } from "../config";
import { bootExtensions } from "../connectors";
import { checkModelFile, resolveModelRef } from "../models/model-ref";
import { resolvePluginPlan } from "../plugins";
import { agentIdFor } from "./agent-id";
import { APP_ROOT, DB_TEMPLATE_DIR } from "./paths";

export { checkModelFile, resolveModelRef };

/** llama.cpp defaults to >= 4 threads, which thrashes on small machines: leave one core for the server. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Where a user fixes a missing model: the dashboard first, the command line for servers. */
const SETUP_FIX =
  "Choose a model in the Models tab: a local .gguf file, or a provider with its API key. On a server: `milady setup`.";

export interface BootDeps {
  /** Downloads an hf: model into modelsDir; returns its path. */
  download?: (uri: string) => Promise<string>;
}

/** Builds what the agent needs for one start, from the effective config. */
export async function prepareBootConfig(store: FileConfigStore, deps: BootDeps = {}): Promise<AgentBootConfig> {
  const config = store.current();
  const secrets = store.secrets();
  const { paths } = store;
  // First: a postgres provider without a URL stops the start with the fix, before any download.
  const database = databaseChoice(config, secrets);
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
      fix: `Paste the key in the Models tab, or run \`milady config set ${key} <key>\`.`,
    };
  } else if (provider === "ollama" && !config.models.ollamaEndpoint) {
    noModelReason = {
      code: "no_model",
      message: "Ollama is selected but no endpoint is set.",
      fix: "Enter the Ollama URL in the Models tab (e.g. http://127.0.0.1:11434), or set OLLAMA_API_ENDPOINT.",
    };
  } else if (provider === "none") {
    noModelReason = { code: "no_model", message: "No model is configured, so the agent cannot reply.", fix: SETUP_FIX };
  }
  if (noModelReason) provider = "none";
  const pluginPlan = resolvePluginPlan({
    config,
    secrets,
    provider,
    pluginsDir: paths.pluginsDir,
    baseDir: paths.stateDir,
    miladyRoot: APP_ROOT,
  });

  return {
    stateDir: paths.stateDir,
    agentId: agentIdFor(paths.stateDir, paths.dataDir),
    pgliteTemplate: existsSync(DB_TEMPLATE_DIR) ? DB_TEMPLATE_DIR : undefined,
    dataDir: paths.dataDir,
    postgresUrl: database.provider === "postgres" ? database.url : undefined,
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
    // The API and owner tokens are main's: no plugin in the agent ever needs (or should see) them.
    secrets: Object.fromEntries(
      Object.entries(secrets).filter(([name]) => name !== "MILADY_API_TOKEN" && name !== "MILADY_OWNER_TOKEN"),
    ),
    logLevel: config.logging.level,
    plugins: pluginPlan,
    features: config.features,
    autonomy: config.autonomy,
    noModelReason,
    extensions: bootExtensions(config, secrets),
  };
}
