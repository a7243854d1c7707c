/** Local and Ollama models for the agent: node-llama-cpp provider, grammar-constrained replies, streaming, embeddings. */
export {
  AGENT_RESPONSE_MIN_TOKENS,
  agentResponseBounds,
  buildAgentResponseGbnf,
  closeAgentResponse,
  isAgentResponsePrompt,
} from "./agent-response-grammar";
export { measureDirectTokensPerSecond } from "./direct-bench";
export {
  DEFAULT_LOCAL_EMBEDDING_MODEL,
  resolveEmbeddingDimensionSetting,
  resolveEmbeddingModelPath,
} from "./embedding-contract";
export { PLUGIN_SQL_DIMENSIONS, paddedDimension, padEmbedding } from "./embedding-padding";
export { type GenerateRequest, LocalLlama, type LocalLlamaOptions, type LogLevel } from "./local-llama";
export { createLocalModelPlugin, embeddingInput } from "./local-plugin";
export { assertGgufFile } from "./model-file";
export {
  createOllamaPlugin,
  DEFAULT_OLLAMA_EMBEDDING_MODEL,
  DEFAULT_OLLAMA_MODEL,
  OllamaClient,
  type OllamaPluginOptions,
} from "./ollama-plugin";
export { createResponseTextStreamer, unescapeXml } from "./response-text-streamer";
export { type ReplyStreamStore, replyStream, replyTextSink } from "./stream-context";
