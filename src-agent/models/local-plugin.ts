import {
  type GenerateTextParams,
  type IAgentRuntime,
  ModelType,
  type ObjectGenerationParams,
  type Plugin,
  type TextEmbeddingParams,
  type TextStreamResult,
} from "@elizaos/core";
import { turnContext } from "../runtime/turn-context";
import { type AgentVocabulary, isAgentResponsePrompt, isReplyPrompt, isSimplePlan } from "./agent-response-grammar";
import { AGENT_SYSTEM_PROMPT, type LocalLlama } from "./local-llama";
import { nextTurnPreloadEvents, planSessionKey } from "./next-turn-preload";
import { replyTextSink } from "./stream-context";
import { reportUsage, usageMeter, usageWanted } from "./usage-meter";

/**
 * elizaOS's streaming shape over a generation that calls back per token: useModel iterates
 * `textStream` and hands each piece to the caller's onStreamChunk. A failure ends the iteration
 * with the error, so the caller sees it.
 */
export function textStreamOf(run: (onToken: (delta: string) => void) => Promise<string>): TextStreamResult {
  const pending: string[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  let failure: unknown;
  const done = run((delta) => {
    pending.push(delta);
    wake?.();
  });
  done.then(
    () => {
      finished = true;
      wake?.();
    },
    (error: unknown) => {
      failure = error ?? new Error("the local model failed");
      finished = true;
      wake?.();
    },
  );
  return {
    text: done,
    usage: done.then(
      () => undefined,
      () => undefined,
    ),
    finishReason: done.then(
      () => "stop",
      () => undefined,
    ),
    textStream: (async function* () {
      for (;;) {
        while (pending.length) yield pending.shift()!;
        if (finished) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
      if (failure) throw failure;
    })(),
  };
}

/** Text of an embedding request; null for core's dimension probes (`null` and `{text: ""}`). */
export function embeddingInput(params: TextEmbeddingParams | string | null | undefined): string | null {
  const text = typeof params === "string" ? params : params?.text;
  return text && text.trim().length > 0 ? text : null;
}

/** Holds raw tokens until </providers> shows whether this plan's <text> is the reply. */
function gateOnSimplePlan(forward: (delta: string) => void): (delta: string) => void {
  let raw = "";
  let open: boolean | undefined;
  return (delta) => {
    if (open === true) return forward(delta);
    if (open === false) return;
    raw += delta;
    open = isSimplePlan(raw);
    if (open) forward(raw);
  };
}

/** The actions and providers registered on the runtime (a test runtime may have none). */
function vocabularyOf(runtime: IAgentRuntime | undefined): AgentVocabulary {
  return {
    actions: (runtime?.actions ?? []).map((a) => a.name),
    providers: (runtime?.providers ?? []).filter((p) => !p.private && !p.dynamic).map((p) => p.name),
  };
}

/**
 * elizaOS model handlers on a LocalLlama. The bootstrap reply prompt (it asks for
 * <response> XML) is decoded under a grammar, so a small model cannot break the parser,
 * and its <text> part streams into the current turn's replyStream.
 */
export function createLocalModelPlugin(llama: LocalLlama): Plugin {
  const text = async (runtime: IAgentRuntime, params: GenerateTextParams): Promise<string | TextStreamResult> => {
    // A plain completion (the OpenAI API, no agent) streams through elizaOS's own textStream shape.
    if (usageMeter.getStore()?.kind === "completion") {
      const run = (onToken?: (delta: string) => void) =>
        llama.generate({
          prompt: params.prompt,
          maxTokens: params.maxTokens,
          temperature: params.temperature,
          stopSequences: params.stopSequences,
          format: "text",
          onToken,
          onUsage: reportUsage,
        });
      return params.stream ? textStreamOf(run) : run();
    }
    const plan = isAgentResponsePrompt(params.prompt);
    const reply = !plan && isReplyPrompt(params.prompt);
    const sink = plan || reply ? replyTextSink() : undefined;
    // The plan's <text> is the reply only in simple mode; otherwise REPLY streams its own.
    const onToken = sink && plan ? gateOnSimplePlan(sink.onToken) : sink?.onToken;
    // One warm context sequence per conversation and prompt kind, so the next turn's prompt reuses this one's head.
    const conversationId = turnContext.getStore()?.conversationId;
    const kind = plan ? "plan" : reply ? "reply" : "text";
    try {
      return await llama.generate({
        prompt: params.prompt,
        system: AGENT_SYSTEM_PROMPT,
        maxTokens: params.maxTokens,
        temperature: params.temperature,
        stopSequences: plan || reply ? undefined : params.stopSequences,
        format: plan ? "agent-response" : reply ? "agent-reply" : "text",
        vocabulary: plan ? vocabularyOf(runtime) : undefined,
        onToken,
        onUsage: usageWanted() ? reportUsage : undefined,
        sessionKey: !conversationId ? undefined : plan ? planSessionKey(conversationId) : `${conversationId}:${kind}`,
      });
    } finally {
      sink?.end();
    }
  };

  const object = async (_runtime: IAgentRuntime, params: ObjectGenerationParams): Promise<Record<string, unknown>> => {
    const schema =
      params.output === "enum" && params.enumValues?.length
        ? { enum: params.enumValues }
        : (params.schema ?? (params.output === "array" ? { type: "array", items: {} } : undefined));
    const value = await llama.generateJson({
      prompt: params.prompt,
      temperature: params.temperature,
      stopSequences: params.stopSequences,
      schema,
    });
    // The handler contract returns an object; arrays and enum values come back as the parsed value.
    return value as Record<string, unknown>;
  };

  return {
    name: "milady-local-llama",
    description: "Local GGUF models through node-llama-cpp: chat, grammar-constrained agent replies, embeddings.",
    // The next turn's reply prompt is evaluated while the user reads and types (next-turn-preload.ts).
    events: nextTurnPreloadEvents(llama),
    models: {
      [ModelType.TEXT_SMALL]: text,
      [ModelType.TEXT_LARGE]: text,
      [ModelType.TEXT_EMBEDDING]: async (_runtime, params) => {
        const input = embeddingInput(params);
        if (input === null) return new Array<number>(await llama.embeddingDimension()).fill(0);
        return llama.embed(input);
      },
      [ModelType.OBJECT_SMALL]: object,
      [ModelType.OBJECT_LARGE]: object,
    },
  };
}
