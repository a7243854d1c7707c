import { afterAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEFAULT_LOCAL_EMBEDDING_MODEL,
  resolveEmbeddingDimensionSetting,
  resolveEmbeddingModelPath,
} from "./embedding-contract";

const dir = await mkdtemp(join(tmpdir(), "milady-embed-contract-"));
const other = join(dir, "other");
await mkdir(other);
await writeFile(join(dir, DEFAULT_LOCAL_EMBEDDING_MODEL), "x");
await writeFile(join(other, "nomic.gguf"), "x");
afterAll(() => rm(dir, { recursive: true, force: true }));
const chat = "/models/chat.gguf";

describe("resolveEmbeddingModelPath", () => {
  test("an explicit path wins, relative to MODELS_DIR, even if missing", () => {
    expect(resolveEmbeddingModelPath({ embeddingPath: "/x/e.gguf" }, { modelsDir: dir, chatModelPath: chat })).toBe(
      "/x/e.gguf",
    );
    expect(resolveEmbeddingModelPath({ embeddingPath: "e.gguf" }, { modelsDir: dir })).toBe(join(dir, "e.gguf"));
    expect(resolveEmbeddingModelPath({ MILADY_EMBEDDING_MODEL: "~/m.gguf" }, { modelsDir: dir })).toBe(
      join(homedir(), "m.gguf"),
    );
  });

  test("the plugin's default file in the models dir when it exists", () => {
    expect(resolveEmbeddingModelPath({}, { modelsDir: dir, chatModelPath: chat })).toBe(
      join(dir, DEFAULT_LOCAL_EMBEDDING_MODEL),
    );
  });

  test("MODELS_DIR and LOCAL_EMBEDDING_MODEL override the defaults", () => {
    expect(
      resolveEmbeddingModelPath(
        { MODELS_DIR: other, LOCAL_EMBEDDING_MODEL: "nomic.gguf" },
        { modelsDir: dir, chatModelPath: chat },
      ),
    ).toBe(join(other, "nomic.gguf"));
  });

  test("falls back to the chat model when the file is missing, or undefined with no chat model", () => {
    expect(resolveEmbeddingModelPath({ MODELS_DIR: other }, { modelsDir: dir, chatModelPath: chat })).toBe(chat);
    expect(
      resolveEmbeddingModelPath({ LOCAL_EMBEDDING_MODEL: "nope.gguf", embeddingPath: " " }, { modelsDir: dir }),
    ).toBeUndefined();
  });
});

describe("resolveEmbeddingDimensionSetting", () => {
  test("reads LOCAL_EMBEDDING_DIMENSIONS then EMBEDDING_DIMENSION", () => {
    expect(resolveEmbeddingDimensionSetting({ LOCAL_EMBEDDING_DIMENSIONS: "384", EMBEDDING_DIMENSION: "768" })).toBe(
      384,
    );
    expect(resolveEmbeddingDimensionSetting({ LOCAL_EMBEDDING_DIMENSIONS: "abc", EMBEDDING_DIMENSION: "768" })).toBe(
      768,
    );
    expect(resolveEmbeddingDimensionSetting({ LOCAL_EMBEDDING_DIMENSIONS: "0" })).toBeUndefined();
  });
});
