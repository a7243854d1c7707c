import { ChannelType, type Content, type IAgentRuntime, type Memory, stringToUuid, type UUID } from "@elizaos/core";
import { newId } from "../../../src-shared/ids";
import { turnContext } from "../../runtime/turn-context";

/** What the agent is asked at every wake; the autonomousState provider adds the loop's own state. */
export const WAKE_PROMPT =
  "Autonomy wake: no one is waiting for you. Look at your workspace notes and recent events and decide what, if anything, to do next. Answer in one or two sentences; use an action only if it is clearly useful.";

/**
 * The autonomy loop's own room, in a world of its own: its wakes and answers are kept there, never
 * in the user's conversations (the conversation list reads Milady's chat world only).
 */
export class AutonomyRoom {
  readonly worldId: UUID;
  readonly roomId: UUID;
  readonly entityId: UUID;

  constructor(private readonly runtime: IAgentRuntime) {
    this.worldId = stringToUuid(`milady-autonomy-world:${runtime.agentId}`);
    this.roomId = stringToUuid(`milady-autonomy-room:${runtime.agentId}`);
    this.entityId = stringToUuid("milady-autonomy-loop");
  }

  async init(): Promise<void> {
    const rt = this.runtime;
    await rt.ensureWorldExists({
      id: this.worldId,
      name: "Milady autonomy",
      agentId: rt.agentId,
      messageServerId: rt.agentId,
    });
    if (!(await rt.getEntityById(this.entityId))) {
      await rt.createEntity({ id: this.entityId, names: ["Autonomy loop"], agentId: rt.agentId, metadata: {} });
    }
    if (!(await rt.getRoom(this.roomId))) {
      await rt.createRooms([
        {
          id: this.roomId,
          name: "Autonomy",
          source: "autonomy",
          type: ChannelType.DM,
          channelId: this.roomId,
          messageServerId: rt.agentId,
          worldId: this.worldId,
          agentId: rt.agentId,
        },
      ]);
      await rt.addParticipantsRoom([this.entityId, rt.agentId], this.roomId);
    }
  }

  /** One wake: the prompt as a message from the loop, the answer stored in this room. */
  async wake(requestId: string): Promise<string> {
    const rt = this.runtime;
    const memory: Memory = {
      id: newId() as UUID,
      entityId: this.entityId,
      agentId: rt.agentId,
      roomId: this.roomId,
      worldId: this.worldId,
      content: { text: WAKE_PROMPT, source: "autonomy", channelType: ChannelType.DM },
      metadata: { type: "message", entityName: "Autonomy loop" } as Memory["metadata"],
      createdAt: Date.now(),
    };
    let answer = "";
    const callback = async (content: Content): Promise<Memory[]> => {
      const text = content.text?.trim();
      if (!text) return [];
      answer = answer ? `${answer}\n\n${text}` : text;
      const reply: Memory = {
        id: newId() as UUID,
        entityId: rt.agentId,
        agentId: rt.agentId,
        roomId: this.roomId,
        worldId: this.worldId,
        content: { text, actions: content.actions, source: "autonomy", inReplyTo: memory.id },
        createdAt: Math.max(Date.now(), (memory.createdAt ?? 0) + 1),
      };
      await rt.createMemory(reply, "messages");
      return [reply];
    };
    await turnContext.run(
      { requestId, conversationId: this.roomId, userText: WAKE_PROMPT, autonomy: true, onTextDelta: () => {} },
      () => rt.messageService!.handleMessage(rt, memory, callback),
    );
    if (!answer) throw new Error("the model gave no answer to the wake");
    return answer;
  }
}
