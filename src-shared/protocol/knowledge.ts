import { z } from "zod";

export const KNOWLEDGE_MAX_BYTES = 10 * 1024 * 1024;
export const KNOWLEDGE_EXTENSIONS = [".txt", ".md", ".pdf"] as const;

export const knowledgeDocumentSchema = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  bytes: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  createdAt: z.number(),
});
export type KnowledgeDocument = z.infer<typeof knowledgeDocumentSchema>;

export const knowledgeSearchHitSchema = z.object({
  documentId: z.string(),
  filename: z.string(),
  chunkIndex: z.number().int().nonnegative(),
  text: z.string(),
  /** Cosine similarity, higher is closer (-1..1). */
  score: z.number(),
});
export type KnowledgeSearchHit = z.infer<typeof knowledgeSearchHitSchema>;

export const knowledgeSearchRequestSchema = z.object({
  query: z.string().trim().min(1).max(2000),
  limit: z.number().int().min(1).max(50).default(8),
});
