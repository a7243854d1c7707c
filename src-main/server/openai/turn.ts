import { conversationsContract, openaiContract } from "../../../src-shared/contracts";
import {
  type AgentTokenUsage,
  DEFAULT_OPENAI_CONVERSATION_TITLE,
  estimateTokens,
  type MessageSender,
  MiladyError,
} from "../../../src-shared/protocol";
import type { AgentController } from "../../agent-host/types";
import type { Drain } from "../drain";
import type { Caller } from "../gate";
import type { ModelTarget } from "./models";
import type { TurnRequest } from "./request";

export interface TurnDeps {
  agent: AgentController;
  drain: Drain;
}

export interface TurnResult {
  text: string;
  usage: AgentTokenUsage;
  finishReason: "stop" | "length";
  /** The conversation an agent turn went to. */
  conversationId?: string;
}

/** The conversation key and title of a request: its `user`, or the one shared "OpenAI API" conversation. */
export function conversationKeyOf(user: string | undefined): { key: string; title: string } {
  return user
    ? { key: `openai:user:${user}`, title: `OpenAI: ${user}` }
    : { key: "openai:default", title: DEFAULT_OPENAI_CONVERSATION_TITLE };
}

function senderOf(caller: Caller): MessageSender {
  return caller.kind === "device" ? { kind: "device", deviceId: caller.deviceId } : { kind: "owner" };
}

/**
 * Before a stream opens, so its status code can still say it: a stopped agent is a 503 that
 * says how to start it (a starting agent is waited for by the call itself).
 */
export function assertAgentUp(agent: AgentController): void {
  const { state } = agent.status();
  if (state === "running" || state === "starting" || state === "restarting" || state === "paused") return;
  throw new MiladyError(
    "agent_not_running",
    `The agent is ${state.replace("_", " ")}, so nothing can answer`,
    "Start the agent: the Start button in the dashboard, or POST /api/agent/start (with the same token)",
  );
}

/**
 * Picks the conversation of an agent turn: the X-Milady-Conversation header (an existing
 * conversation's id), else the one kept for the OpenAI `user`, else the shared one.
 */
export async function conversationFor(deps: TurnDeps, turn: TurnRequest, header: string | null): Promise<string> {
  if (header?.trim()) {
    // Checked now, so a wrong id is a 404 before a stream opens (not an error inside it).
    await deps.agent.call(conversationsContract, "messages", { conversationId: header.trim(), limit: 1 });
    return header.trim();
  }
  const { key, title } = conversationKeyOf(turn.user);
  return (await deps.agent.call(conversationsContract, "openFor", { key, title })).conversation.id;
}

/**
 * One answer: an agent chat turn in `conversationId` (character, memory, providers, actions: the
 * dashboard's path), or a plain completion of the agent's model. Deltas go to `onDelta` as they
 * come; the caller decides how to frame them.
 */
export async function runTurn(
  deps: TurnDeps,
  target: ModelTarget,
  turn: TurnRequest,
  options: { caller: Caller; conversationId?: string; onDelta?: (delta: string) => void },
): Promise<TurnResult> {
  const { agent, drain } = deps;
  const onToken = options.onDelta;
  if (target.kind === "agent") {
    const conversationId = options.conversationId!;
    const result = await drain.run(
      agent.call(
        conversationsContract,
        "send",
        { conversationId, text: turn.newText, sender: senderOf(options.caller), withUsage: true },
        { onToken },
      ),
    );
    // An agent that sends no usage (it always should) still gets an honest estimate, marked so.
    const usage = result.usage ?? {
      promptTokens: estimateTokens(turn.newText),
      completionTokens: estimateTokens(result.reply.text),
      reported: false,
    };
    return { text: result.reply.text, usage, finishReason: "stop", conversationId };
  }
  const result = await drain.run(
    agent.call(
      openaiContract,
      "complete",
      {
        messages: turn.messages,
        maxTokens: turn.maxTokens,
        temperature: turn.temperature,
        stopSequences: turn.stop,
        stream: onToken !== undefined,
      },
      { onToken },
    ),
  );
  const capped = turn.maxTokens !== undefined && result.usage.completionTokens >= turn.maxTokens;
  return { text: result.text, usage: result.usage, finishReason: capped ? "length" : "stop" };
}

/**
 * Streamed deltas may miss the end of the final text (an action's output appended after the
 * reply streamed, a model that does not stream): what is left, so the chunks add up to the text.
 */
export function remainderOf(streamed: string, text: string): string {
  return text.startsWith(streamed) ? text.slice(streamed.length) : "";
}
