export { type ChunkOptions, chunkText, DEFAULT_CHUNK_OVERLAP, DEFAULT_CHUNK_SIZE } from "./chunk";
export { cosine } from "./cosine";
export { extractText, knowledgeKind } from "./extract";
export { type EmbedFn, KnowledgeService } from "./knowledge-service";
export { KnowledgeStore, type StoredChunk } from "./knowledge-store";
export { type SqlClient, sqlClientFromDb } from "./sql-client";
