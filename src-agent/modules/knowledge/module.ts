import { ModelType } from "@elizaos/core";
import { knowledgeContract } from "../../../src-shared/contracts";
import { oneAtATime } from "../../../src-shared/one-at-a-time";
import { safeErrorText } from "../../runtime/db-errors";
import { sqlClientFromDb } from "../../runtime/sql-client";
import { defineAgentModule } from "../module";
import { createKnowledgeProvider } from "./knowledge-provider";
import { KnowledgeService } from "./knowledge-service";
import { KnowledgeStore } from "./knowledge-store";

/** Documents in the agent's own database, embedded with the agent's model, retrieved into the prompt. */
export const knowledgeModule = defineAgentModule(knowledgeContract, ({ runtime, log }) => {
  const store = new KnowledgeStore(sqlClientFromDb(runtime.db), runtime.agentId);
  const service = new KnowledgeService(store, async (text) => runtime.useModel(ModelType.TEXT_EMBEDDING, { text }), {
    warn: (message) => log.warn("knowledge", message),
    info: (message) => log.info("knowledge", message),
    collectGarbage: () => Bun.gc(true),
  });
  const upload = oneAtATime();
  let ready = false;
  let warming: Promise<void> | undefined;
  return {
    plugin: { providers: [createKnowledgeProvider(() => (ready ? service : undefined))] },
    start: async () => {
      await store.migrate();
      ready = true;
      // The search index loads in the background: the agent answers without waiting for it,
      // and the first search or chat turn that needs it waits for the same load.
      warming = service.warmUp().catch((err) => {
        log.warn("knowledge", `the search index could not be loaded yet: ${safeErrorText(err)}`);
      });
    },
    stop: async () => {
      await warming;
    },
    handlers: {
      // Decoded inside the queue: a waiting upload holds only its base64 text, not a second copy.
      add: ({ filename, contentType, dataBase64 }) =>
        upload(async () => {
          const data = Buffer.from(dataBase64, "base64");
          return { document: await service.add({ filename, contentType, data }) };
        }),
      list: async () => ({ documents: await service.list() }),
      remove: async ({ documentId }) => ({ deleted: await service.delete(documentId) }),
      search: async ({ query, limit }) => ({ hits: await service.search(query, limit) }),
      // In the upload queue: a document added meanwhile is embedded by one model or the other, whole.
      reembed: ({ all }) => upload(() => service.reembed(all)),
    },
  };
});
