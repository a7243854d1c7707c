import {
  type Capability,
  CONTRACTS,
  type EventPayload,
  type MethodParams,
  type MethodResult,
} from "../../../src-shared/contracts";
import { MiladyError, type StatusSnapshot } from "../../../src-shared/protocol";
import { AgentEvents } from "../agent-events";
import type { AgentController, ChannelMethod, RequestOptions } from "../types";
import { createFakeChannels, FakeAgentState, type FakeCallContext, type FakeChannels } from "./fake-channels";

type FakeHandler = (params: unknown, ctx: FakeCallContext) => Promise<unknown>;

/**
 * FakeAgentController — a test double of the AgentManager: no elizaOS, no model. Each call is
 * checked against its contract both ways (params in, result out), as the real host does, and
 * answered by the in-memory channel fakes in fake-channels.ts.
 */
export class FakeAgentController extends FakeAgentState implements AgentController {
  snapshot: StatusSnapshot = {
    state: "running",
    agentId: "agent-1",
    agentName: "Milady",
    host: "worker",
    model: { provider: "scripted", name: "scripted model (test double)", loaded: true },
    canReply: true,
    restarts: 0,
    restartPending: false,
    notices: [],
    plugins: [
      { name: "@elizaos/plugin-sql", status: "loaded" },
      { name: "milady-scripted-model", status: "loaded" },
      { name: "@elizaos/plugin-bootstrap", status: "loaded" },
      { name: "milady", status: "loaded" },
    ],
    version: "0.0.0-test",
  };
  /** When set, the next call rejects with it. */
  failNext?: unknown;
  /** Every call, in order: "channel.method" and its params. */
  readonly calls: { method: string; params: unknown }[] = [];
  readonly events = new AgentEvents();
  readonly channels: FakeChannels = createFakeChannels(this);

  status(): StatusSnapshot {
    return structuredClone(this.snapshot);
  }

  setState(state: StatusSnapshot["state"]): void {
    this.snapshot = { ...this.snapshot, state };
    this.events.emitStatus(this.status());
  }

  async start() {
    this.setState("running");
  }
  async stop() {
    this.setState("stopped");
  }
  async restart() {
    this.setState("restarting");
    this.setState("running");
  }
  async pause() {
    this.setState("paused");
  }
  async resume() {
    this.setState("running");
  }

  onStatus(listener: (status: StatusSnapshot) => void): () => void {
    return this.events.onStatus(listener);
  }

  onEvent<C extends Capability, E extends keyof C["events"] & string>(
    contract: C,
    name: E,
    listener: (payload: EventPayload<C, E>) => void,
  ): () => void {
    return this.events.onEvent(contract, name, listener);
  }

  /** Announces an event as the agent would (checked against its contract). */
  emitEvent<C extends Capability, E extends keyof C["events"] & string>(
    contract: C,
    name: E,
    payload: EventPayload<C, E>,
  ): void {
    this.events.emitEvent(contract.name, name, contract.events[name]!.parse(payload));
  }

  async call<C extends Capability, M extends ChannelMethod<C>>(
    contract: C,
    method: M,
    params: MethodParams<C["channel"][M]>,
    options: RequestOptions = {},
  ): Promise<MethodResult<C["channel"][M]>> {
    this.calls.push({ method: `${contract.name}.${method}`, params });
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    if (this.snapshot.state !== "running" && this.snapshot.state !== "paused") {
      throw new MiladyError("agent_not_running", "the agent is not running", "start it with POST /api/agent/start");
    }
    const spec = contract.channel[method]!;
    const handler = (this.channels as unknown as Record<string, Record<string, FakeHandler> | undefined>)[
      contract.name
    ]?.[method];
    if (!handler) throw new MiladyError("bad_request", `FakeAgentController: no ${contract.name}.${method}`);
    const result = await handler(spec.params.parse(params), {
      options,
      emit: (channel, name, payload) => this.emitChecked(channel, name, payload),
    });
    return spec.result.parse(result) as MethodResult<C["channel"][M]>;
  }

  private emitChecked(channel: string, name: string, payload: unknown): void {
    const schema = (CONTRACTS as Record<string, Capability>)[channel]?.events[name];
    if (!schema) throw new Error(`FakeAgentController: no event ${channel}.${name} in the contracts`);
    this.events.emitEvent(channel, name, schema.parse(payload));
  }
}
