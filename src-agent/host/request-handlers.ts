import { type HostRequest, type HostResult, MiladyError } from "../../src-shared/protocol";
import type { AgentHandle } from "../runtime";

/** Answers one host request with its result, or throws a MiladyError (mapped by the loop). */
export async function handleRequest(agent: AgentHandle, req: HostRequest, paused: boolean): Promise<unknown> {
  switch (req.type) {
    case "chat": {
      if (paused) throw new MiladyError("agent_paused", "the agent is paused", "Resume the agent to chat.");
      const r: HostResult<"chat"> = await agent.chat.chat(req);
      return r;
    }
    case "list_conversations":
      return { conversations: await agent.conversations.list() } satisfies HostResult<"list_conversations">;
    case "create_conversation":
      return { conversation: await agent.conversations.create(req.title) } satisfies HostResult<"create_conversation">;
    case "list_messages": {
      await agent.conversations.room(req.conversationId);
      return {
        messages: await agent.conversations.messages(req.conversationId, req.limit, req.before),
      } satisfies HostResult<"list_messages">;
    }
    case "set_character":
      await agent.setCharacter(req.character);
      return { ok: true } satisfies HostResult<"set_character">;
    case "knowledge_add": {
      const data = Uint8Array.from(Buffer.from(req.dataBase64, "base64"));
      const document = await agent.knowledge.add({ filename: req.filename, contentType: req.contentType, data });
      return { document } satisfies HostResult<"knowledge_add">;
    }
    case "knowledge_list":
      return { documents: await agent.knowledge.list() } satisfies HostResult<"knowledge_list">;
    case "knowledge_delete":
      return { deleted: await agent.knowledge.delete(req.documentId) } satisfies HostResult<"knowledge_delete">;
    case "knowledge_search":
      return { hits: await agent.knowledge.search(req.query, req.limit) } satisfies HostResult<"knowledge_search">;
  }
}
