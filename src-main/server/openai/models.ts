import { AGENT_MODEL_ID, type LocalModelFile, type ModelInfo, type OpenAiModel } from "../../../src-shared/protocol";
import { modelNotFound, OpenAiError } from "./errors";

/** What /v1/models is made of; main knows all of it without asking the agent. */
export interface ModelSources {
  agentName(): string;
  /** The model the agent runs (provider and name), as its status says. */
  activeModel(): ModelInfo;
  /** The GGUF files in <state>/models (empty where model management is off). */
  localFiles(): Promise<LocalModelFile[]>;
  /** Seconds since the epoch, for `created`. */
  created: number;
}

/** A model id's meaning: the agent's chat turn, or a plain completion of the model the agent runs. */
export type ModelTarget = { kind: "agent" } | { kind: "plain" };

/** The id a plain completion of the agent's own model goes by; undefined when there is no model. */
export function activeModelId(model: ModelInfo): string | undefined {
  if (model.provider === "none") return undefined;
  if (model.provider === "scripted") return "scripted-test-model";
  return model.name ?? model.provider;
}

function isAgentId(id: string, agentName: string): boolean {
  const wanted = id.trim().toLowerCase();
  return wanted === AGENT_MODEL_ID || (agentName.trim() !== "" && wanted === agentName.trim().toLowerCase());
}

export async function listModels(src: ModelSources): Promise<OpenAiModel[]> {
  const entry = (id: string, ownedBy: string): OpenAiModel => ({
    id,
    object: "model",
    created: src.created,
    owned_by: ownedBy,
  });
  const out = [entry(AGENT_MODEL_ID, "milady")];
  const name = src.agentName().trim();
  if (name && name.toLowerCase() !== AGENT_MODEL_ID) out.push(entry(name, "milady"));
  const model = src.activeModel();
  const active = activeModelId(model);
  const seen = new Set(out.map((m) => m.id));
  if (active && !seen.has(active)) {
    out.push(entry(active, model.provider));
    seen.add(active);
  }
  for (const file of await src.localFiles()) {
    if (file.validGguf && !seen.has(file.file)) {
      out.push(entry(file.file, "local"));
      seen.add(file.file);
    }
  }
  return out;
}

/**
 * `milady` and the agent's name are the agent; the running model's id is a plain completion.
 * A local GGUF that is not the one loaded cannot answer without an agent restart: a 400 that
 * says how to switch, not a silent answer from another model. Anything else is model_not_found.
 */
export async function resolveModel(id: string, src: ModelSources): Promise<ModelTarget> {
  if (isAgentId(id, src.agentName())) return { kind: "agent" };
  const model = src.activeModel();
  if (id === activeModelId(model)) return { kind: "plain" };
  const local = (await src.localFiles()).find((f) => f.file === id && f.validGguf);
  if (local) {
    throw new OpenAiError(
      400,
      `The model '${id}' is downloaded but not the one the agent runs (${activeModelId(model) ?? "none"}). ` +
        `Choose it as the chat model in the Models tab (or set models.local.path to ${local.file} in milady.json), then restart the agent.`,
      "invalid_request_error",
      "model",
      "model_not_loaded",
    );
  }
  throw modelNotFound(id);
}
