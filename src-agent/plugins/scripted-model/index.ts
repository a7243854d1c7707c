export { parseDirectives, receivedMessageFromPrompt, type ScriptDirectives } from "./directives";
export { HASH_EMBEDDING_DIMENSION, hashEmbedding } from "./hash-embedding";
export { createScriptedModelPlugin, type ScriptedModelOptions } from "./scripted-model";
