import { type IAgentRuntime, ModelType } from "@elizaos/core";
import { turnContext } from "../../runtime/turn-context";

/**
 * Counts the real model calls of autonomy wakes by wrapping runtime.useModel (the one door every
 * plugin's model call goes through). Embeddings are not counted (they are not what the cap is
 * for); a call past the cap is refused, so a wake cannot overrun it.
 */
export function countAutonomyModelCalls(runtime: IAgentRuntime, budget: { overCap(): boolean; record(): void }): void {
  const original = runtime.useModel.bind(runtime);
  const wrapped = (async (modelType: string, params: unknown, provider?: string) => {
    if (turnContext.getStore()?.autonomy && modelType !== ModelType.TEXT_EMBEDDING) {
      if (budget.overCap()) throw new Error("the autonomy cap of model calls per hour is reached");
      budget.record();
    }
    return (original as (t: string, p: unknown, pr?: string) => Promise<unknown>)(modelType, params, provider);
  }) as IAgentRuntime["useModel"];
  runtime.useModel = wrapped;
}
