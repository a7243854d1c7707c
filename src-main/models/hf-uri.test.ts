import { describe, expect, test } from "bun:test";
import { parseHfUri } from "./hf-uri";
import { renderProgressBar } from "./progress-bar";

describe("parseHfUri", () => {
  test("owner/repo/file", () => {
    expect(parseHfUri("hf:Qwen/Qwen3-0.6B-GGUF/Qwen3-0.6B-Q8_0.gguf", "https://huggingface.co")).toEqual({
      owner: "Qwen",
      repo: "Qwen3-0.6B-GGUF",
      file: "Qwen3-0.6B-Q8_0.gguf",
      revision: "main",
      url: "https://huggingface.co/Qwen/Qwen3-0.6B-GGUF/resolve/main/Qwen3-0.6B-Q8_0.gguf",
    });
  });
  test("sub folders and a revision at the end or after the repo", () => {
    const a = parseHfUri("hf:o/r/sub/dir/m.Q4_K_M.gguf@v1.2", "http://127.0.0.1:9/");
    expect(a).toMatchObject({ file: "sub/dir/m.Q4_K_M.gguf", revision: "v1.2" });
    expect(a.url).toBe("http://127.0.0.1:9/o/r/resolve/v1.2/sub/dir/m.Q4_K_M.gguf");
    expect(parseHfUri("hf:o/r@abc123/x y.gguf", "http://h").url).toBe("http://h/o/r/resolve/abc123/x%20y.gguf");
  });
  test("MILADY_HF_BASE_URL overrides the base", () => {
    const saved = process.env.MILADY_HF_BASE_URL;
    process.env.MILADY_HF_BASE_URL = "http://127.0.0.1:1234";
    try {
      expect(parseHfUri("hf:o/r/f.gguf").url).toBe("http://127.0.0.1:1234/o/r/resolve/main/f.gguf");
    } finally {
      if (saved === undefined) delete process.env.MILADY_HF_BASE_URL;
      else process.env.MILADY_HF_BASE_URL = saved;
    }
  });
  test("clear errors for bad URIs", () => {
    const cases: Array<[string, RegExp]> = [
      ["Qwen/Qwen3/x.gguf", /must start with "hf:"/],
      ["hf:", /owner/],
      ["hf:owner", /repository/],
      ["hf:owner/repo", /missing the file path/],
      ["hf:owner/repo:Q4_K_M", /owner\/repo:quant form is not supported/],
      ["hf:owner/repo/../x.gguf", /'\.\.'/],
      ["hf:owner/repo/readme.md", /must be a \.gguf/],
      ["hf:owner/repo/x.gguf@", /revision/],
      ["hf:-bad/repo/x.gguf", /owner/],
    ];
    for (const [uri, why] of cases) {
      expect(() => parseHfUri(uri)).toThrow(why);
      expect(() => parseHfUri(uri)).toThrow(/use hf:owner\/repo\/file\.gguf/);
    }
  });
});

describe("renderProgressBar", () => {
  test("known and unknown totals", () => {
    expect(renderProgressBar({ receivedBytes: 450_000_000, totalBytes: 1_000_000_000 }, 10)).toBe(
      "[####------]  45%  450.0 MB / 1.00 GB",
    );
    expect(renderProgressBar({ receivedBytes: 5, totalBytes: 5 }, 4)).toBe("[####] 100%  5 B / 5 B");
    expect(renderProgressBar({ receivedBytes: 2048 }, 3)).toBe("[???]  2 kB");
    expect(renderProgressBar({ receivedBytes: 0, totalBytes: 10 }, 0)).toBe("[-]   0%  0 B / 10 B");
  });
});
