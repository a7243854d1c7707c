import {
  KNOWLEDGE_EXTENSIONS,
  KNOWLEDGE_MAX_BYTES,
  knowledgeSearchRequestSchema,
  MiladyError,
} from "../../../src-shared/protocol";
import { formatBytes, formFile, readForm, readJson } from "../body";
import { json } from "../respond";
import type { RouteDef } from "../router";
import type { RouteContext } from "../types";
import { maxBody } from "./limits";

/** Room for the multipart boundary and part headers around the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".pdf": "application/pdf",
};

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot).toLowerCase();
}

async function addDocument(ctx: RouteContext): Promise<Response> {
  const limit = Math.min(maxBody(ctx), KNOWLEDGE_MAX_BYTES + MULTIPART_OVERHEAD);
  const file = formFile(await readForm(ctx.request, limit));
  const filename = file.name.split(/[\\/]/).pop() || "document.txt";
  const ext = extensionOf(filename);
  if (!(KNOWLEDGE_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new MiladyError(
      "unsupported_media_type",
      `"${filename}" is not a supported document type; upload a ${KNOWLEDGE_EXTENSIONS.join(", ")} file`,
    );
  }
  if (file.size > KNOWLEDGE_MAX_BYTES) {
    throw new MiladyError(
      "payload_too_large",
      `"${filename}" is ${formatBytes(file.size)}; the limit is ${formatBytes(KNOWLEDGE_MAX_BYTES)}`,
      "split the document into smaller files",
    );
  }
  if (file.size === 0) throw new MiladyError("validation_failed", `file: "${filename}" is empty`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  // Embedding a long document takes a while on a local model.
  ctx.keepOpen();
  const result = await ctx.options.agent.request({
    type: "knowledge_add",
    filename,
    contentType: CONTENT_TYPES[ext]!,
    dataBase64: Buffer.from(bytes).toString("base64"),
  });
  return json(result, 201);
}

export const knowledgeRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/api/knowledge",
    handler: async (ctx) => json(await ctx.options.agent.request({ type: "knowledge_list" })),
  },
  { method: "POST", path: "/api/knowledge", handler: addDocument },
  {
    method: "DELETE",
    path: "/api/knowledge/:id",
    handler: async (ctx) => {
      const result = await ctx.options.agent.request({ type: "knowledge_delete", documentId: ctx.params.id! });
      if (!result.deleted) throw new MiladyError("not_found", `no knowledge document with id ${ctx.params.id}`);
      return json(result);
    },
  },
  {
    method: "POST",
    path: "/api/knowledge/search",
    handler: async (ctx) => {
      const body = await readJson(ctx.request, knowledgeSearchRequestSchema, maxBody(ctx));
      return json(await ctx.options.agent.request({ type: "knowledge_search", query: body.query, limit: body.limit }));
    },
  },
];
