import { z } from "zod";
import {
  KNOWLEDGE_MAX_BYTES,
  knowledgeDocumentSchema,
  knowledgeSearchHitSchema,
  knowledgeSearchRequestSchema,
} from "../protocol/knowledge";
import { capability, method, route } from "./define";

/** Room for the multipart boundary and part headers around the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;

const documents = z.object({ documents: z.array(knowledgeDocumentSchema) });
const document = z.object({ document: knowledgeDocumentSchema });
const deleted = z.object({ deleted: z.boolean() });
const hits = z.object({ hits: z.array(knowledgeSearchHitSchema) });
const reembedRequest = z.object({
  /** false: only chunks whose vectors have another length than the current model's. */
  all: z.boolean({ error: "must be true (every chunk) or false (only those of another size)" }).default(true),
});
const reembedded = z.object({
  documents: z.number().int(),
  chunks: z.number().int(),
  /** The current embedding model's vector length. */
  dimension: z.number().int(),
});

/** Documents the agent retrieves from (RAG): uploaded in main, chunked and embedded in the agent. */
export const knowledgeContract = capability({
  name: "knowledge",
  channel: {
    add: method(z.object({ filename: z.string(), contentType: z.string(), dataBase64: z.string() }), document),
    list: method(z.object({}), documents),
    remove: method(z.object({ documentId: z.string() }), deleted),
    search: method(z.object({ query: z.string(), limit: z.number().int().min(1).max(50) }), hits),
    reembed: method(z.object({ all: z.boolean() }), reembedded),
  },
  routes: {
    list: route({
      method: "GET",
      path: "/api/knowledge",
      response: documents,
      errors: ["agent_not_running", "agent_starting"],
      summary: "the uploaded documents",
    }),
    upload: route({
      method: "POST",
      path: "/api/knowledge",
      body: { kind: "multipart", field: "file", maxBytes: KNOWLEDGE_MAX_BYTES + MULTIPART_OVERHEAD },
      response: document,
      status: 201,
      errors: [
        "unsupported_media_type",
        "payload_too_large",
        "validation_failed",
        "conflict",
        "model_error",
        "agent_not_running",
      ],
      summary:
        "add a .txt, .md or .pdf (10 MB): chunked, embedded, stored in the agent's database; the same bytes twice -> 409 conflict",
    }),
    remove: route({
      method: "DELETE",
      path: "/api/knowledge/:id",
      response: deleted,
      errors: ["not_found", "agent_not_running"],
      summary: "delete a document and its chunks",
    }),
    search: route({
      method: "POST",
      path: "/api/knowledge/search",
      access: "device",
      body: knowledgeSearchRequestSchema,
      response: hits,
      errors: ["validation_failed", "model_error", "agent_not_running"],
      summary: "ranked passages for a query (cosine similarity)",
    }),
    reembed: route({
      method: "POST",
      path: "/api/knowledge/reembed",
      body: reembedRequest,
      response: reembedded,
      errors: ["validation_failed", "model_error", "agent_not_running"],
      summary:
        "embed the stored documents again with the current embedding model (after changing it); all: false only redoes vectors of another size",
    }),
  },
});
