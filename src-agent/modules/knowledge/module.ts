import { ModelType } from "@elizaos/core";
import { knowledgeContract } from "../../../src-shared/contracts";
import { sqlClientFromDb } from "../../runtime/sql-client";
import { defineAgentModule } from "../module";
import { createKnowledgeProvider } from "./knowledge-provider";
import { KnowledgeService } from "./knowledge-service";
import { KnowledgeStore } from "./knowledge-store";

/** Documents in the agent's own database, embedded with the agent's model, retrieved into the prompt. */
export const knowledgeModule = defineAgentModule(knowledgeContract, ({ runtime }) => {
  const store = new KnowledgeStore(sqlClientFromDb(runtime.db), runtime.agentId);
  const service = new KnowledgeService(store, async (text) => runtime.useModel(ModelType.TEXT_EMBEDDING, { text }));
  let ready = false;
  return {
    plugin: { providers: [createKnowledgeProvider(() => (ready ? service : undefined))] },
    start: async () => {
      await store.migrate();
      ready = true;
    },
    handlers: {
      add: async ({ filename, contentType, dataBase64 }) => {
        const data = Uint8Array.from(Buffer.from(dataBase64, "base64"));
        return { document: await service.add({ filename, contentType, data }) };
      },
      list: async () => ({ documents: await service.list() }),
      remove: async ({ documentId }) => ({ deleted: await service.delete(documentId) }),
      search: async ({ query, limit }) => ({ hits: await service.search(query, limit) }),
    },
  };
});
