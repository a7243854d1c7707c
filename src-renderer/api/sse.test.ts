import { describe, expect, test } from "bun:test";
import { readSseData } from "./sse";

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
}

async function collect(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const d of readSseData(streamOf(chunks))) out.push(d);
  return out;
}

describe("readSseData", () => {
  test("splits events across arbitrary chunk boundaries", async () => {
    expect(await collect(['data: {"a"', ":1}\n", '\ndata: {"b":2}\n\n'])).toEqual(['{"a":1}', '{"b":2}']);
  });
  test("handles CRLF, comments, multi-line data and a missing final blank line", async () => {
    expect(await collect([": keepalive\r\n\r\n", "event: x\r\ndata: one\r\ndata: two\r\n\r\n", "data:last"])).toEqual([
      "one\ntwo",
      "last",
    ]);
  });
  test("decodes UTF-8 split inside a code point", async () => {
    const bytes = new TextEncoder().encode("data: héllo\n\n");
    const s = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, 8));
        c.enqueue(bytes.slice(8));
        c.close();
      },
    });
    const out: string[] = [];
    for await (const d of readSseData(s)) out.push(d);
    expect(out).toEqual(["héllo"]);
  });
});
