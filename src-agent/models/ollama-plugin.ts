import {
  type GenerateTextParams,
  ModelType,
  type ObjectGenerationParams,
  type Plugin,
  type TextEmbeddingParams,
} from "@elizaos/core";
import { isAgentResponsePrompt } from "./agent-response-grammar";
import { padEmbedding } from "./embedding-padding";
import { embeddingInput } from "./local-plugin";
import { replyTextSink } from "./stream-context";

/**
 * elizaOS models over a running Ollama, with plain fetch. We do not use
 * @elizaos/plugin-ollama: its postinstall tries to install Ollama itself and breaks
 * `npm install` offline.
 */
export type OllamaPluginOptions = { endpoint: string; model?: string; embeddingModel?: string };

export const DEFAULT_OLLAMA_MODEL = "llama3.2";
export const DEFAULT_OLLAMA_EMBEDDING_MODEL = "nomic-embed-text";

type GenerateBody = {
  model: string;
  prompt: string;
  stream: boolean;
  format?: unknown;
  options: { temperature?: number; num_predict?: number; stop?: string[] };
};

export class OllamaClient {
  readonly endpoint: string;
  constructor(endpoint: string) {
    this.endpoint = endpoint.replace(/\/+$/, "");
  }

  private async post(path: string, body: unknown, model: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.endpoint}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new Error(
        `Ollama is not reachable at ${this.endpoint}: start it with \`ollama serve\` or fix OLLAMA_API_ENDPOINT (${String(error)})`,
      );
    }
    if (response.ok) return response;
    const detail = (await response.text().catch(() => "")).slice(0, 300);
    if (response.status === 404) {
      throw new Error(`Ollama at ${this.endpoint} has no model "${model}": run \`ollama pull ${model}\` (${detail})`);
    }
    throw new Error(`Ollama at ${this.endpoint} answered HTTP ${response.status} for ${path}: ${detail}`);
  }

  /** Streams /api/generate (NDJSON, one {response, done} object per line); returns the full text. */
  async generate(body: Omit<GenerateBody, "stream">, onToken?: (delta: string) => void): Promise<string> {
    const response = await this.post("/api/generate", { ...body, stream: true }, body.model);
    if (!response.body) throw new Error(`Ollama at ${this.endpoint} sent an empty answer`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let pending = "";
    let text = "";
    const handleLine = (line: string): void => {
      if (!line.trim()) return;
      const message = JSON.parse(line) as { response?: string; error?: string };
      if (message.error) throw new Error(`Ollama error: ${message.error}`);
      if (message.response) {
        text += message.response;
        onToken?.(message.response);
      }
    };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += value;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) handleLine(line);
    }
    handleLine(pending);
    return text;
  }

  async embed(model: string, input: string): Promise<number[]> {
    const response = await this.post("/api/embed", { model, input }, model);
    const json = (await response.json()) as { embeddings?: number[][] };
    const vector = json.embeddings?.[0];
    if (!Array.isArray(vector) || vector.length === 0) {
      throw new Error(
        `Ollama model "${model}" returned no embedding: is it an embedding model? Try \`ollama pull nomic-embed-text\``,
      );
    }
    return vector;
  }
}

export function createOllamaPlugin(options: OllamaPluginOptions): Plugin {
  const client = new OllamaClient(options.endpoint);
  const model = options.model ?? DEFAULT_OLLAMA_MODEL;
  const embeddingModel = options.embeddingModel ?? DEFAULT_OLLAMA_EMBEDDING_MODEL;
  let probeDimension: number | undefined;

  const text = async (_runtime: unknown, params: GenerateTextParams): Promise<string> => {
    // Ollama has no GBNF; the prompt itself asks for the XML and the streamer copes with stray text.
    const sink = isAgentResponsePrompt(params.prompt) ? replyTextSink() : undefined;
    try {
      return await client.generate(
        {
          model,
          prompt: params.prompt,
          options: { temperature: params.temperature, num_predict: params.maxTokens, stop: params.stopSequences },
        },
        sink?.onToken,
      );
    } finally {
      sink?.end();
    }
  };

  const object = async (_runtime: unknown, params: ObjectGenerationParams): Promise<Record<string, unknown>> => {
    const raw = await client.generate({
      model,
      prompt: params.prompt,
      // Ollama structured outputs: a JSON schema, or "json" for any JSON.
      format: params.schema ?? "json",
      options: { temperature: params.temperature, stop: params.stopSequences },
    });
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new Error(`Ollama model "${model}" did not return valid JSON: try a larger model`);
    }
  };

  return {
    name: "milady-ollama",
    description: `Models served by Ollama at ${client.endpoint}`,
    models: {
      [ModelType.TEXT_SMALL]: text,
      [ModelType.TEXT_LARGE]: text,
      [ModelType.TEXT_EMBEDDING]: async (_runtime, params: TextEmbeddingParams | string | null) => {
        const input = embeddingInput(params);
        if (input === null) {
          // Dimension probe: one real call tells the model's size, cached for later probes.
          probeDimension ??= padEmbedding(await client.embed(embeddingModel, "dimension probe")).length;
          return new Array<number>(probeDimension).fill(0);
        }
        return padEmbedding(await client.embed(embeddingModel, input));
      },
      [ModelType.OBJECT_SMALL]: object,
      [ModelType.OBJECT_LARGE]: object,
    },
  };
}
