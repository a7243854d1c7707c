import { ChannelType, type IAgentRuntime, type Memory, type Room, stringToUuid, type UUID } from "@elizaos/core";
import { newId } from "../../../src-shared/ids";
import { type ChatMessage, type Conversation, MiladyError } from "../../../src-shared/protocol";
import { isChatMemory, MILADY_SOURCE, type RoomMeta, toChatMessage, toConversation } from "./mapping";

/**
 * A turn's memory ids follow from the client's own id for the message, so sending the same
 * message again (a retry after a crash or a shutdown) finds the turn instead of storing it twice.
 */
export function userMemoryId(roomId: string, clientMessageId?: string): UUID {
  return clientMessageId ? stringToUuid(`milady-user:${roomId}:${clientMessageId}`) : (newId() as UUID);
}

export function replyMemoryId(userMemory: UUID): UUID {
  return stringToUuid(`milady-reply:${userMemory}`);
}

/** The one human of a personal agent; stable across restarts so rooms keep their participant. */
export const LOCAL_USER_ID = stringToUuid("milady-local-user");
const notFound = (conversationId: string) =>
  new MiladyError("not_found", `conversation ${conversationId} does not exist`, "Create a conversation first.");
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Conversations are elizaOS DM rooms in one world owned by the agent; messages are
 * memories in the "messages" table. Reads filter to Milady's chat memories, so
 * elizaOS's own action-result memories never show as chat bubbles.
 */
export class ConversationStore {
  readonly worldId: UUID;

  constructor(private readonly runtime: IAgentRuntime) {
    this.worldId = stringToUuid(`milady-world:${runtime.agentId}`);
  }

  async init(userName = "User"): Promise<void> {
    const rt = this.runtime;
    // The local user owns the world: bootstrap's SETTINGS provider looks for the DM
    // user's owned world on every turn and logs an error when there is none.
    const metadata = { ownership: { ownerId: LOCAL_USER_ID }, settings: {} };
    await rt.ensureWorldExists({
      id: this.worldId,
      name: "Milady",
      agentId: rt.agentId,
      messageServerId: rt.agentId,
      metadata,
    });
    const world = await rt.getWorld(this.worldId);
    if (world && world.metadata?.ownership?.ownerId !== LOCAL_USER_ID) {
      await rt.updateWorld({
        ...world,
        metadata: { ...metadata, ...(world.metadata ?? {}), ownership: metadata.ownership },
      });
    }
    if (!(await rt.getEntityById(LOCAL_USER_ID))) {
      await rt.createEntity({ id: LOCAL_USER_ID, names: [userName], agentId: rt.agentId, metadata: {} });
    }
  }

  async create(title?: string, extra: Pick<RoomMeta, "externalKey"> = {}): Promise<Conversation> {
    const rt = this.runtime;
    const id = newId() as UUID;
    const createdAt = Date.now();
    const meta: RoomMeta = { milady: true, createdAt, ...extra };
    await rt.createRooms([
      {
        id,
        name: title?.trim() ?? "",
        source: MILADY_SOURCE,
        type: ChannelType.DM,
        channelId: id,
        messageServerId: rt.agentId,
        worldId: this.worldId,
        agentId: rt.agentId,
        metadata: meta as Record<string, unknown>,
      } as Room,
    ]);
    await rt.addParticipantsRoom([LOCAL_USER_ID, rt.agentId], id);
    return toConversation({ id, name: title?.trim() ?? "", metadata: meta } as Room);
  }

  /** Conversation ids by outside key (the OpenAI API's `user`); filled from room metadata on first use. */
  private readonly byKey = new Map<string, Promise<string>>();

  /**
   * The conversation kept for `key`, created with `title` the first time. The key lives in the
   * room's metadata, so it survives restarts; concurrent first calls for one key share one room.
   * A conversation the user deleted is replaced by a fresh one on the next call. The answer has
   * no lastMessage (callers want the id; a message query per API request is not worth it).
   */
  async openFor(key: string, title: string): Promise<Conversation> {
    let id = this.byKey.get(key);
    if (id) {
      const known = await id.catch(() => undefined);
      if (known && !this.removed.has(known)) {
        const room = await this.room(known).catch(() => undefined);
        if (room) return toConversation(room);
      }
      if (this.byKey.get(key) === id) this.byKey.delete(key);
    }
    id = this.byKey.get(key);
    if (!id) {
      id = this.findOrCreateKeyed(key, title);
      this.byKey.set(key, id);
      id.catch(() => this.byKey.delete(key));
    }
    return toConversation(await this.room(await id));
  }

  private async findOrCreateKeyed(key: string, title: string): Promise<string> {
    const rooms = (await this.runtime.getRoomsByWorld(this.worldId)) ?? [];
    const found = rooms.find(
      (r) => (r.metadata as RoomMeta | undefined)?.externalKey === key && !this.removed.has(r.id),
    );
    if (found) return found.id;
    return (await this.create(title, { externalKey: key })).id;
  }

  /**
   * Rooms by id. Only this store creates, renames or deletes conversation rooms, so a
   * cached room stays true; it saves a PGlite query on every chat turn. The adapter's read cache
   * (runtime/read-cache.ts) keeps reads 2 s at most, less than the pause between turns of a person.
   */
  private readonly rooms = new Map<string, Room>();
  /** Rooms deleted while this agent runs: a turn that started before the delete must not write to them. */
  private readonly removed = new Set<string>();

  async room(conversationId: string): Promise<Room> {
    if (this.removed.has(conversationId)) throw notFound(conversationId);
    const cached = this.rooms.get(conversationId);
    if (cached) return cached;
    const room = UUID_RE.test(conversationId) ? await this.runtime.getRoom(conversationId as UUID) : null;
    if (room && room.worldId === this.worldId) this.rooms.set(conversationId, room);
    if (!room || room.worldId !== this.worldId) throw notFound(conversationId);
    return room;
  }

  /** Renames the room; the cache keeps the renamed copy so the next turn does not read the old name. */
  async rename(conversationId: string, title: string): Promise<Conversation> {
    const room = await this.room(conversationId);
    const updated = { ...room, name: title.trim() };
    await this.runtime.updateRoom(updated);
    this.rooms.set(updated.id, updated);
    return toConversation(updated, (await this.messages(updated.id, 1))[0]);
  }

  /**
   * Deletes the conversation's messages, then the room (elizaOS cascades participants
   * and any other memories of the room). False when there was no such conversation.
   * A turn still running in it finds the room gone (see `isRemoved`) and stores nothing.
   */
  async remove(conversationId: string): Promise<boolean> {
    let room: Room;
    try {
      room = await this.room(conversationId);
    } catch (err) {
      if (err instanceof MiladyError && err.code === "not_found") return false;
      throw err;
    }
    this.rooms.delete(room.id);
    this.removed.add(room.id);
    await this.runtime.deleteAllMemories(room.id, "messages");
    await this.runtime.deleteRoom(room.id);
    return true;
  }

  isRemoved(conversationId: string): boolean {
    return this.removed.has(conversationId);
  }

  async setTitleIfEmpty(room: Room, title: string): Promise<Room> {
    if (room.name?.trim() || this.removed.has(room.id)) return room;
    const updated = { ...room, name: title };
    await this.runtime.updateRoom(updated);
    this.rooms.set(updated.id, updated);
    return updated;
  }

  /** Newest activity first. One small query per conversation (a personal agent has tens, not thousands). */
  async list(): Promise<Conversation[]> {
    const rooms = (await this.runtime.getRoomsByWorld(this.worldId)) ?? [];
    const convs = await Promise.all(
      rooms.map(async (room) => toConversation(room, (await this.messages(room.id, 1))[0])),
    );
    return convs.sort((a, b) => b.updatedAt - a.updatedAt || b.createdAt - a.createdAt);
  }

  /** Chronological; `before` pages back (messages strictly older than it). */
  async messages(conversationId: string, limit: number, before?: number): Promise<ChatMessage[]> {
    const out: ChatMessage[] = [];
    let end = before !== undefined ? before - 1 : undefined;
    // Over-fetch: action-result memories share the table; 4 pages is plenty in practice.
    for (let page = 0; page < 4 && out.length < limit; page++) {
      const batch = await this.runtime.getMemories({
        roomId: conversationId as UUID,
        tableName: "messages",
        count: limit * 2 + 10,
        end,
      });
      for (const m of batch)
        if (isChatMemory(m) && out.length < limit) out.push(toChatMessage(m, this.runtime.agentId));
      if (batch.length < limit * 2 + 10) break;
      end = (batch[batch.length - 1].createdAt ?? 1) - 1;
    }
    return out.reverse();
  }

  userMemory(room: Room, text: string, opts: { clientMessageId?: string; userName?: string }): Memory {
    return {
      id: userMemoryId(room.id, opts.clientMessageId),
      entityId: LOCAL_USER_ID,
      agentId: this.runtime.agentId,
      roomId: room.id,
      worldId: this.worldId,
      content: {
        text,
        source: MILADY_SOURCE,
        channelType: ChannelType.DM,
        ...(opts.clientMessageId ? { clientMessageId: opts.clientMessageId } : {}),
      },
      metadata: { type: "message", entityName: opts.userName ?? "User" } as Memory["metadata"],
      createdAt: Date.now(),
    };
  }
}
