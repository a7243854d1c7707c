export { type ChunkOptions, chunkPieces, chunkText, DEFAULT_CHUNK_OVERLAP, DEFAULT_CHUNK_SIZE } from "./chunk";
export { cosine } from "./cosine";
export { extractText, knowledgeKind } from "./extract";
export { createKnowledgeProvider, type KnowledgeSearcher } from "./knowledge-provider";
export { type EmbedFn, KnowledgeService, type KnowledgeServiceOptions } from "./knowledge-service";
export { type ChunkKey, type ChunkRow, KnowledgeStore } from "./knowledge-store";
export { knowledgeModule } from "./module";
export { buildBlocks, type IndexHit, type VectorBlock, VectorIndex } from "./vector-index";
