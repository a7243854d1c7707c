import { open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { GGUF_HEADER_BYTES, readGgufHeader } from "../../src-shared/gguf";

export type LocalModelFile = { file: string; path: string; bytes: number; validGguf: boolean };

/** True when the file starts with a GGUF header (reads 24 bytes, never the whole file). */
export async function isGgufFile(path: string): Promise<boolean> {
  try {
    const handle = await open(path, "r");
    try {
      const bytes = new Uint8Array(GGUF_HEADER_BYTES);
      const { bytesRead } = await handle.read(bytes, 0, GGUF_HEADER_BYTES, 0);
      return readGgufHeader(bytes.subarray(0, bytesRead)) !== null;
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

/** The .gguf files in the models folder (unfinished `.part` downloads excluded); an absent folder is an empty list. */
export async function listLocalModels(modelsDir: string): Promise<LocalModelFile[]> {
  let names: string[];
  try {
    names = await readdir(modelsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new Error(`cannot read the models folder ${modelsDir}: ${String(error)}`);
  }
  const out: LocalModelFile[] = [];
  for (const file of names.filter((n) => n.toLowerCase().endsWith(".gguf")).sort()) {
    const path = join(modelsDir, file);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    out.push({ file, path, bytes: info.size, validGguf: await isGgufFile(path) });
  }
  return out;
}
