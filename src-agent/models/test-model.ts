import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeTinyGguf } from "../../build/make-tiny-gguf";

/** Writes the project's tiny random-weight GGUF (~0.7 MB, made in ~50 ms) into a temp folder for tests. */
export async function makeTestModel(seed = 1): Promise<{ dir: string; path: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "milady-models-"));
  const path = join(dir, "tiny.gguf");
  await writeTinyGguf(path, { seed, chatTemplate: "chatml" });
  return { dir, path, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
