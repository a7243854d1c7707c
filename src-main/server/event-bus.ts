import { newId } from "../../src-shared/ids";
import {
  EVENT_VERSION,
  type ServerEvent,
  type ServerEventPayload,
  type ServerEventType,
} from "../../src-shared/protocol";

/** 1000 events is minutes of activity (tokens and heartbeats are not buffered), enough to bridge a reconnect. */
export const REPLAY_CAPACITY = 1000;

export interface EventExtras {
  stream?: string;
  agentId?: string;
  roomId?: string;
}

export type ReplayResult =
  | { kind: "events"; events: ServerEvent[] }
  | { kind: "gap"; fromSeq: number; oldestAvailable: number };

type Listener = (event: ServerEvent) => void;

/**
 * The sequenced event stream of one server run.
 *
 * Two kinds of events share the envelope:
 * - sequenced (`publish`): state changes a client must not miss (status changes,
 *   conversation updates, agent events, model progress). Each takes the next seq
 *   and is kept in a ring buffer for replay.
 * - ephemeral (`ephemeral`): heartbeats, log lines, token deltas, pong, replay_gap.
 *   They carry the seq of the last sequenced event (so `seq` still means "you are
 *   up to date to here") and are never replayed: the state they describe is either
 *   repeated (heartbeat) or folded into a sequenced event (a reply's final message).
 */
export class EventBus {
  readonly runId: string;
  private lastSeq = 0;
  private readonly ring: ServerEvent[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(
    runId: string = newId(),
    private readonly capacity = REPLAY_CAPACITY,
  ) {
    this.runId = runId;
  }

  /** The seq of the last sequenced event (0 before the first). */
  get seq(): number {
    return this.lastSeq;
  }

  publish<T extends ServerEventType>(type: T, payload: ServerEventPayload<T>, extras: EventExtras = {}): ServerEvent {
    this.lastSeq += 1;
    const event = this.envelope(type, payload, extras, this.lastSeq);
    this.ring.push(event);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
    this.emit(event);
    return event;
  }

  /** Builds an unsequenced event and hands it to listeners (broadcast). */
  broadcastEphemeral<T extends ServerEventType>(
    type: T,
    payload: ServerEventPayload<T>,
    extras: EventExtras = {},
  ): ServerEvent {
    const event = this.ephemeral(type, payload, extras);
    this.emit(event);
    return event;
  }

  /** Builds an unsequenced event without broadcasting it (a direct answer to one client). */
  ephemeral<T extends ServerEventType>(type: T, payload: ServerEventPayload<T>, extras: EventExtras = {}): ServerEvent {
    return this.envelope(type, payload, extras, this.lastSeq);
  }

  /** Everything after `sinceSeq` for the same run, or a gap when the client must refetch. */
  since(runId: string, sinceSeq: number): ReplayResult {
    const oldestAvailable = this.ring[0]?.seq ?? this.lastSeq + 1;
    if (runId !== this.runId) return { kind: "gap", fromSeq: sinceSeq, oldestAvailable };
    // A seq from the future of this run cannot be bridged: treat it as a gap too.
    if (sinceSeq > this.lastSeq) return { kind: "gap", fromSeq: sinceSeq, oldestAvailable };
    if (sinceSeq === this.lastSeq) return { kind: "events", events: [] };
    if (sinceSeq + 1 < oldestAvailable) return { kind: "gap", fromSeq: sinceSeq, oldestAvailable };
    return { kind: "events", events: this.ring.filter((event) => event.seq > sinceSeq) };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: ServerEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
  }

  private envelope(type: ServerEventType, payload: unknown, extras: EventExtras, seq: number): ServerEvent {
    return {
      type,
      version: EVENT_VERSION,
      eventId: newId(),
      ts: Date.now(),
      seq,
      runId: this.runId,
      ...extras,
      payload,
    } as ServerEvent;
  }
}
