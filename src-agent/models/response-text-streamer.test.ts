import { describe, expect, test } from "bun:test";
import { createResponseTextStreamer, unescapeXml } from "./response-text-streamer";

function run(chunks: string[]): { deltas: string[]; text: string } {
  const deltas: string[] = [];
  const s = createResponseTextStreamer((d) => deltas.push(d));
  for (const c of chunks) s.feed(c);
  s.end();
  return { deltas, text: deltas.join("") };
}

/** Every way to split `raw` into two chunks, plus one char at a time. */
function allSplits(raw: string): string[][] {
  const out: string[][] = [[raw], raw.split("")];
  for (let i = 1; i < raw.length; i++) out.push([raw.slice(0, i), raw.slice(i)]);
  return out;
}

const FULL =
  "<response><thought>User greets; reply.</thought><actions>REPLY</actions><providers></providers><text>Hi there &lt;3 &amp; &quot;you&quot; &apos;ok&apos; a&gt;b</text></response>";

describe("createResponseTextStreamer", () => {
  test("emits only the <text> content, unescaped, for every split", () => {
    for (const chunks of allSplits(FULL)) {
      expect(run(chunks).text).toBe(`Hi there <3 & "you" 'ok' a>b`);
    }
  });

  test("streams incrementally, before </text> arrives", () => {
    const deltas: string[] = [];
    const s = createResponseTextStreamer((d) => deltas.push(d));
    s.feed("<response><thought>x</thought><text>Hel");
    expect(deltas.join("")).toBe("Hel");
    s.feed("lo wor");
    expect(deltas.join("")).toBe("Hello wor");
    s.feed("ld</te");
    expect(deltas.join("")).toBe("Hello world");
    s.feed("xt></response>");
    s.end();
    expect(deltas.join("")).toBe("Hello world");
  });

  test("holds back a partial entity until it completes", () => {
    const deltas: string[] = [];
    const s = createResponseTextStreamer((d) => deltas.push(d));
    s.feed("<response><text>a &am");
    expect(deltas.join("")).toBe("a ");
    s.feed("p; b");
    expect(deltas.join("")).toBe("a & b");
    s.end();
  });

  test("plain-text output (no wrapper) is streamed as is, including < and &amp;", () => {
    for (const raw of ["Hello! How are you?", "<3 you", "a &amp; b", "  leading spaces"]) {
      for (const chunks of allSplits(raw)) expect(run(chunks).text).toBe(raw);
    }
  });

  test("plain text streams immediately, without waiting for end()", () => {
    const deltas: string[] = [];
    const s = createResponseTextStreamer((d) => deltas.push(d));
    s.feed("Hi");
    expect(deltas).toEqual(["Hi"]);
  });

  test("a ```xml fence around the response is skipped", () => {
    const raw = "```xml\n<response><text>fenced</text></response>\n```";
    for (const chunks of allSplits(raw)) expect(run(chunks).text).toBe("fenced");
  });

  test("a <text> mentioned inside the thought is ignored", () => {
    const raw = "<response><thought>I will put it in <text> later</thought><text>real</text></response>";
    for (const chunks of allSplits(raw)) expect(run(chunks).text).toBe("real");
  });

  test("unterminated <text> flushes what it has at end()", () => {
    expect(run(["<response><text>cut off &l"]).text).toBe("cut off &l");
    expect(run(["<response><text>cut off mid</te"]).text).toBe("cut off mid</te");
  });

  test("XML without <text> emits nothing; text after </text> is ignored", () => {
    expect(run(["<response><thought>hmm</thought><actions>IGNORE</actions></response>"]).text).toBe("");
    expect(run(["<response><text>one</text><text>two</text></response>"]).text).toBe("one");
  });

  test("a lone '<' prefix at end is flushed as plain text", () => {
    expect(run(["<resp"]).text).toBe("<resp");
    expect(run([]).text).toBe("");
  });

  test("unescapeXml leaves unknown entities alone", () => {
    expect(unescapeXml("&lt;&gt;&amp;&quot;&apos;&nbsp;&amp;lt;")).toBe(`<>&"'&nbsp;&lt;`);
  });
});
