import { knowledgeContract } from "../../../src-shared/contracts";
import { oneAtATime } from "../../../src-shared/one-at-a-time";
import { KNOWLEDGE_EXTENSIONS, KNOWLEDGE_MAX_BYTES, MiladyError } from "../../../src-shared/protocol";
import type { AgentController } from "../../agent-host/types";
import { formatBytes } from "../body";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";
import type { Drain } from "../drain";

const CONTENT_TYPES: Record<string, string> = {
  ".txt": "text/plain",
  ".md": "text/markdown",
  ".pdf": "application/pdf",
};

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot).toLowerCase();
}

/** Checks an upload before the agent spends time on it: type, size, not empty. */
function checkDocument(file: File): { filename: string; contentType: string } {
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
  return { filename, contentType: CONTENT_TYPES[ext]! };
}

export function knowledgeRoutes(deps: { agent: AgentController; drain: Drain } & ContractRouteOptions) {
  const { agent, drain } = deps;
  // The agent embeds one document at a time; waiting here, an upload holds only its parsed
  // form, not also its bytes, their base64 and the message to the agent (~4x the file).
  const oneUpload = oneAtATime();
  return implementRoutes(
    knowledgeContract,
    {
      list: () => agent.call(knowledgeContract, "list", {}),
      upload: async ({ body: file, keepOpen }) => {
        const { filename, contentType } = checkDocument(file);
        keepOpen(); // embedding a long document takes a while on a local model, and others may be first
        return oneUpload(async () => {
          // Buffer.from(ArrayBuffer) wraps the bytes; Buffer.from(Uint8Array) would copy them.
          const dataBase64 = Buffer.from(await file.arrayBuffer()).toString("base64");
          return drain.run(agent.call(knowledgeContract, "add", { filename, contentType, dataBase64 }));
        });
      },
      remove: async ({ params }) => {
        const result = await agent.call(knowledgeContract, "remove", { documentId: params.id });
        if (!result.deleted) throw new MiladyError("not_found", `no knowledge document with id ${params.id}`);
        return result;
      },
      search: ({ body }) => agent.call(knowledgeContract, "search", body),
      reembed: ({ body, keepOpen }) => {
        keepOpen(); // every chunk through the embedding model: minutes for a big library on a local one
        return oneUpload(() => drain.run(agent.call(knowledgeContract, "reembed", { all: body.all })));
      },
    },
    deps,
  );
}
