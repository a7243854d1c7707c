import { EventType, type ModelEventPayload, ModelType } from "@elizaos/core";
import { openaiContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import { meterUsage, reportUsage } from "../../models/usage-meter";
import { safeErrorText } from "../../runtime/db-errors";
import { defineAgentModule } from "../module";
import { completionPrompt, completionStops } from "./prompt";

/** Model calls whose tokens count as a completion's (not embeddings, images or audio). */
const TEXT_MODEL = /^(TEXT_(SMALL|LARGE|COMPLETION|REASONING_SMALL|REASONING_LARGE)|OBJECT_(SMALL|LARGE))$/;

/**
 * elizaOS's MODEL_USED event (what remote provider plugins emit after a call, with the provider's
 * token counts) into the usage meter. core calls event handlers synchronously from emitEvent, so
 * this runs in the metered call's async context.
 */
export async function countModelUsed(payload: Pick<ModelEventPayload, "type" | "tokens">): Promise<void> {
  if (payload.tokens && TEXT_MODEL.test(String(payload.type))) {
    reportUsage(payload.tokens.prompt, payload.tokens.completion);
  }
}

/**
 * The agent side of the OpenAI-compatible API: plain completions of the model the agent runs
 * (no character, no memory: the runtime's useModel), and the bridge from elizaOS's MODEL_USED
 * event (how remote provider plugins report tokens) to the usage meter. Chat turns as the agent
 * go through the conversations channel instead.
 */
export const openaiModule = defineAgentModule(openaiContract, (ctx) => {
  return {
    start: async () => {
      ctx.runtime.registerEvent(EventType.MODEL_USED, countModelUsed as never);
    },
    handlers: {
      complete: async ({ messages, maxTokens, temperature, stopSequences, stream }, { requestId }) => {
        if (ctx.paused()) throw new MiladyError("agent_paused", "the agent is paused", "Resume the agent first.");
        const why = ctx.cannotReply();
        if (why) throw new MiladyError(why.code, why.message, why.fix);
        const prompt = completionPrompt(messages);
        const onStreamChunk = stream
          ? (delta: string) => {
              if (delta) ctx.emit(openaiContract, "token", { requestId, delta });
            }
          : undefined;
        try {
          const { result, usage } = await meterUsage(
            "completion",
            async () => {
              const out = await ctx.runtime.useModel(ModelType.TEXT_LARGE, {
                prompt,
                maxTokens,
                temperature,
                stopSequences: completionStops(stopSequences),
                onStreamChunk,
                // An empty user keeps core from sending the character's name as the provider's `user`.
                user: "",
              });
              return typeof out === "string" ? out : String(out ?? "");
            },
            (text) => ({ prompt, completion: text }),
          );
          return { text: result, usage };
        } catch (err) {
          if (err instanceof MiladyError) throw err;
          const msg = safeErrorText(err);
          ctx.log.warn("openai", `plain completion failed: ${msg}`);
          throw new MiladyError("model_error", `the model failed: ${msg}`, "Check the model in the Models tab.");
        }
      },
    },
  };
});
