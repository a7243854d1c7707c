import type { IAgentRuntime, Memory, Provider, ProviderResult } from "@elizaos/core";
import type { KnowledgeSearchHit } from "../../../src-shared/protocol";

export interface KnowledgeSearcher {
  hasChunks(): Promise<boolean>;
  search(query: string, limit: number): Promise<KnowledgeSearchHit[]>;
}

/** 4 hits of ~800 chars keep the added context near 800 tokens, fine for a 4k context. */
const TOP_K = 4;
/** Below this cosine a hit is noise (hash and real embeddings alike score unrelated text near 0). */
const MIN_SCORE = 0.1;

/**
 * RAG: embeds the user's message, takes the closest knowledge chunks and adds them to
 * the prompt as "Relevant knowledge". Skips the embedding when no document exists.
 */
export function createKnowledgeProvider(knowledge: () => KnowledgeSearcher | undefined): Provider {
  return {
    name: "MILADY_KNOWLEDGE",
    description: "Passages from the user's uploaded documents that relate to the message",
    // After the message being answered (RECEIVED_MESSAGE, 160), since they are found for it:
    // what changes per turn comes last so the prompt's head is reused (runtime/stable-prompt.ts).
    position: 170,
    get: async (_runtime: IAgentRuntime, message: Memory): Promise<ProviderResult> => {
      const svc = knowledge();
      const query = message.content.text?.trim();
      if (!svc || !query) return { text: "" };
      try {
        if (!(await svc.hasChunks())) return { text: "" };
        const hits = (await svc.search(query, TOP_K)).filter((h) => h.score >= MIN_SCORE);
        if (hits.length === 0) return { text: "" };
        const text = `# Relevant knowledge\n${hits.map((h) => `- (${h.filename}) ${h.text}`).join("\n")}`;
        return { text, values: { knowledge: text }, data: { hits } };
      } catch {
        // A failing embedding or index load must not break the reply; the user still gets an answer.
        return { text: "" };
      }
    },
  };
}
