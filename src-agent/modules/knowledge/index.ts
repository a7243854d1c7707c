export { type ChunkOptions, chunkText, DEFAULT_CHUNK_OVERLAP, DEFAULT_CHUNK_SIZE } from "./chunk";
export { cosine } from "./cosine";
export { extractText, knowledgeKind } from "./extract";
export { createKnowledgeProvider, type KnowledgeSearcher } from "./knowledge-provider";
export { type EmbedFn, KnowledgeService } from "./knowledge-service";
export { KnowledgeStore, type StoredChunk } from "./knowledge-store";
export { knowledgeModule } from "./module";
