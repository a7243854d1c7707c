import { closeSync, existsSync, openSync, readSync } from "node:fs";
import { basename, isAbsolute, join, resolve } from "node:path";
import { GGUF_HEADER_BYTES, readGgufHeader } from "../../src-shared/gguf";
import { parseHfUri } from "./hf-uri";

/** Where a model reference points on disk (an hf: URI lands in <state>/models). */
export function resolveModelRef(ref: string, modelsDir: string): { path: string; hfUri?: string } {
  if (ref.startsWith("hf:")) return { path: join(modelsDir, basename(ref.replace(/@[^/]*$/, ""))), hfUri: ref };
  if (isAbsolute(ref)) return { path: ref };
  const inModels = join(modelsDir, ref);
  return { path: existsSync(inModels) ? inModels : resolve(ref) };
}

/** Why a model file cannot be used, or undefined when it is a readable GGUF. */
export function checkModelFile(path: string): string | undefined {
  if (!existsSync(path)) return `model file ${path} does not exist`;
  const bytes = new Uint8Array(GGUF_HEADER_BYTES);
  try {
    const fd = openSync(path, "r");
    readSync(fd, bytes, 0, bytes.length, 0);
    closeSync(fd);
  } catch (error) {
    return `model file ${path} cannot be read (${(error as Error).message})`;
  }
  return readGgufHeader(bytes) ? undefined : `model file ${path} is not a GGUF file`;
}

/**
 * Why a model reference cannot be saved, or undefined: a path must name a readable GGUF now;
 * an hf: URI must be well formed (it is downloaded when the agent starts).
 */
export function modelRefProblem(ref: string, modelsDir: string): string | undefined {
  if (ref.startsWith("hf:")) {
    try {
      parseHfUri(ref);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }
  return checkModelFile(resolveModelRef(ref, modelsDir).path);
}
