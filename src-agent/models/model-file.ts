import { open } from "node:fs/promises";
import { GGUF_HEADER_BYTES, readGgufHeader } from "../../src-shared/gguf";

/** Checks a model file before node-llama-cpp sees it, so the user gets a sentence instead of a native stack. */
export async function assertGgufFile(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(error);
    throw new Error(
      `model file ${path} cannot be opened (${why}): download one with \`milady models pull hf:OWNER/REPO/FILE.gguf\` or fix the path in milady.json`,
    );
  }
  try {
    const bytes = new Uint8Array(GGUF_HEADER_BYTES);
    const { bytesRead } = await handle.read(bytes, 0, GGUF_HEADER_BYTES, 0);
    if (readGgufHeader(bytes.subarray(0, bytesRead)) === null) {
      const preview = new TextDecoder()
        .decode(bytes.subarray(0, Math.min(bytesRead, 16)))
        .replace(/[^\x20-\x7e]/g, ".");
      throw new Error(
        `model file ${path} is not a GGUF file: it starts with "${preview}" (${bytesRead} bytes read); download a .gguf model with \`milady models pull\``,
      );
    }
  } finally {
    await handle.close();
  }
}
