import { MiladyError } from "../../src-shared/protocol";
import { modelRefProblem } from "../models/model-ref";
import { getPath } from "./deep-merge";

const MODEL_KEYS = ["path", "embeddingPath"] as const;

/**
 * A model file named in a config change must be usable now: a path to a GGUF that exists
 * (or an hf: URI to download). Checked only where the change sets one, so a model deleted
 * later never blocks unrelated writes; the agent then says why it cannot reply.
 */
export function checkModelRefs(config: Record<string, unknown> | undefined, modelsDir: string): void {
  for (const key of MODEL_KEYS) {
    const ref = getPath(config, `models.local.${key}`);
    if (typeof ref !== "string" || ref.trim() === "") continue;
    const problem = modelRefProblem(ref.trim(), modelsDir);
    if (problem) {
      throw new MiladyError(
        "validation_failed",
        `models.local.${key}: ${problem}`,
        `Choose a .gguf file in the Models tab (files in ${modelsDir} are listed there), or an hf:owner/repo/file.gguf URI to download one.`,
      );
    }
  }
}
