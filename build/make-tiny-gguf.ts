/**
 * Writes a tiny GGUF v3 `llama` model with random seeded weights, for tests and benches
 * (no real weights can be downloaded here). ~300 tokens, 2 layers, dim 64, 4 heads,
 * ffn 256, context 512, F32: ~0.7 MB, loads in ~50 ms, ~1,500 tok/s on one thread.
 * `--size medium` (~32M parameters, context 16k, ~137 MB) makes prompt processing take
 * measurable time, for the warm-model bench (prefix reuse shows up as seconds, not microseconds).
 *
 * Usage: bun build/make-tiny-gguf.ts OUT.gguf [--seed N] [--chatml] [--size tiny|medium]
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export type GgufShape = { dim: number; layers: number; heads: number; ffn: number; context: number };
export const GGUF_SIZES = {
  tiny: { dim: 64, layers: 2, heads: 4, ffn: 256, context: 512 },
  // 16k: a DM's reply prompt starts at ~6k tokens here and grows ~700 a turn; turn 10 must still fit whole.
  medium: { dim: 512, layers: 4, heads: 8, ffn: 1536, context: 16384 },
  // The tiny shape with the medium's vocabulary and context: whole ~6k-token reply prompts in a
  // test, evaluated in a second or two.
  long: { dim: 64, layers: 2, heads: 4, ffn: 256, context: 16384 },
} satisfies Record<string, GgufShape>;
export type GgufSize = keyof typeof GGUF_SIZES;
export type TinyGgufOptions = { seed?: number; chatTemplate?: "chatml" | null; size?: GgufSize };
const ALIGNMENT = 32;
const SPECIALS = ["<unk>", "<s>", "</s>"];
/** Common English pieces so plain text tokenizes into a few tokens, not bytes only. */
const WORD_PIECES = ["▁", "▁the", "▁a", "▁to", "▁and", "▁of", "▁is", "▁you", "▁I", "▁it", "▁hello", "▁hi"];

const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

// GGUF value types
const T_UINT32 = 4;
const T_FLOAT32 = 6;
const T_STRING = 8;
const T_ARRAY = 9;
const T_INT32 = 5;
// ggml tensor type F32
const GGML_F32 = 0;

// llama.cpp token types
const TOKEN_NORMAL = 1;
const TOKEN_UNKNOWN = 2;
const TOKEN_CONTROL = 3;
const TOKEN_BYTE = 6;

type KvValue =
  | { type: "u32"; value: number }
  | { type: "i32"; value: number }
  | { type: "f32"; value: number }
  | { type: "str"; value: string }
  | { type: "str[]"; value: string[] }
  | { type: "i32[]"; value: number[] }
  | { type: "f32[]"; value: number[] };

/** Deterministic PRNG (mulberry32): same seed, same bytes on every platform. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class ByteWriter {
  private chunks: Uint8Array[] = [];
  length = 0;
  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.byteLength;
  }
  u32(v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    this.push(b);
  }
  i32(v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, v, true);
    this.push(b);
  }
  u64(v: number | bigint): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(v), true);
    this.push(b);
  }
  f32(v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.push(b);
  }
  str(s: string): void {
    const bytes = new TextEncoder().encode(s);
    this.u64(bytes.byteLength);
    this.push(bytes);
  }
  raw(bytes: Uint8Array): void {
    this.push(bytes);
  }
  padTo(alignment: number): void {
    const pad = (alignment - (this.length % alignment)) % alignment;
    if (pad > 0) this.push(new Uint8Array(pad));
  }
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.byteLength;
    }
    return out;
  }
}

function writeKv(w: ByteWriter, key: string, v: KvValue): void {
  w.str(key);
  switch (v.type) {
    case "u32":
      w.u32(T_UINT32);
      w.u32(v.value);
      return;
    case "i32":
      w.u32(T_INT32);
      w.i32(v.value);
      return;
    case "f32":
      w.u32(T_FLOAT32);
      w.f32(v.value);
      return;
    case "str":
      w.u32(T_STRING);
      w.str(v.value);
      return;
    case "str[]":
      w.u32(T_ARRAY);
      w.u32(T_STRING);
      w.u64(v.value.length);
      for (const s of v.value) w.str(s);
      return;
    case "i32[]":
      w.u32(T_ARRAY);
      w.u32(T_INT32);
      w.u64(v.value.length);
      for (const n of v.value) w.i32(n);
      return;
    case "f32[]":
      w.u32(T_ARRAY);
      w.u32(T_FLOAT32);
      w.u64(v.value.length);
      for (const n of v.value) w.f32(n);
      return;
  }
}

type Tensor = { name: string; dims: number[]; data: Float32Array };

/**
 * The medium model's extra pieces: common words of English and of elizaOS prompts, letter pairs
 * and triples (~18k pieces), so English is ~3 characters a token (letters alone: ~1.2, which
 * made a 12k-character reply prompt ~10k tokens and overflowed the context).
 */
const MEDIUM_WORDS = `the be to of and a in that have it for not on with he as you do at this but his by from they we
say her she or an will my one all would there their what so up out if about who get which go me when make can like
time no just him know take people into year your good some could them see other than then now look only come its over
think also back after use two how our work first well way even new want because any these give day most us is are was
were has had been did said each message messages action actions name names response thought text reply user agent
provider providers character example examples conversation recent current time date room world entity entities
respond ignore none should must never always only return output format xml json response task instructions about
bio style topic topics knowledge post chat adjectives lore system assistant here there what where why when hello
story number tell please thanks yes`.split(/\s+/);

/** A word and every piece on the way to it: llama.cpp's SPM tokenizer builds a token by merging two that exist. */
function wordPieces(word: string): string[] {
  const out: string[] = [];
  const marked = `▁${word}`;
  for (let i = 0; i < marked.length; i++) for (let j = i + 2; j <= marked.length; j++) out.push(marked.slice(i, j));
  return out;
}

function letterPairs(): string[] {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const out: string[] = [];
  for (const a of letters) for (const b of letters) out.push(a + b, `▁${a}${b}`);
  for (const a of letters) for (const b of letters) for (const c of letters) out.push(a + b + c);
  for (const a of letters) out.push(`▁${a}`, a.toUpperCase(), `▁${a.toUpperCase()}`);
  return out;
}

function buildVocab(size: GgufSize): { tokens: string[]; types: number[]; scores: number[] } {
  const tokens: string[] = [...SPECIALS];
  const types: number[] = [TOKEN_UNKNOWN, TOKEN_CONTROL, TOKEN_CONTROL];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, "0")}>`);
    types.push(TOKEN_BYTE);
  }
  for (const piece of WORD_PIECES) {
    tokens.push(piece);
    types.push(TOKEN_NORMAL);
  }
  // Letters as pieces so words become letter tokens (printable ASCII by construction).
  for (const ch of "etaoinshrdlucmwfgypbvk") {
    tokens.push(ch);
    types.push(TOKEN_NORMAL);
  }
  if (size !== "tiny") {
    const seen = new Set(tokens);
    for (const piece of [...MEDIUM_WORDS.flatMap(wordPieces), ...letterPairs()]) {
      if (seen.has(piece)) continue;
      seen.add(piece);
      tokens.push(piece);
      types.push(TOKEN_NORMAL);
    }
  }
  // SentencePiece scores: longer pieces score higher so the tokenizer prefers them.
  const scores = tokens.map((t, i) => (types[i] === TOKEN_NORMAL ? -100 + t.length : 0));
  return { tokens, types, scores };
}

/** Token ids whose output rows are zeroed: specials, control bytes and bytes >= 0x80 (invalid UTF-8 alone breaks grammars). */
function silencedTokens(tokens: string[], types: number[]): Set<number> {
  const out = new Set<number>();
  tokens.forEach((t, i) => {
    if (types[i] === TOKEN_CONTROL || types[i] === TOKEN_UNKNOWN) out.add(i);
    if (types[i] !== TOKEN_BYTE) return;
    const byte = Number.parseInt(t.slice(3, 5), 16);
    // Control bytes (except tab and newline) make unreadable test output.
    if (byte >= 0x80 || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a) || byte === 0x7f) out.add(i);
  });
  return out;
}

function randomTensor(rand: () => number, name: string, dims: number[], scale: number): Tensor {
  const n = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = (rand() * 2 - 1) * scale;
  return { name, dims, data };
}

function onesTensor(name: string, dims: number[]): Tensor {
  return { name, dims, data: new Float32Array(dims[0]).fill(1) };
}

/** Weights of a model of this shape and vocabulary (embeddings, blocks, output). */
export function parameterCount(shape: GgufShape, vocab: number): number {
  const { dim, layers, ffn } = shape;
  const block = 2 * dim + 4 * dim * dim + 3 * dim * ffn;
  return 2 * dim * vocab + dim + layers * block;
}

/** Builds the GGUF bytes in memory (tiny: ~0.7 MB; medium: ~80 MB). */
export function buildTinyGguf(options: TinyGgufOptions = {}): Uint8Array {
  const { dim: DIM, layers: LAYERS, heads: HEADS, ffn: FFN, context: CONTEXT } = GGUF_SIZES[options.size ?? "tiny"];
  const rand = mulberry32(options.seed ?? 42);
  const { tokens, types, scores } = buildVocab(options.size ?? "tiny");
  const vocab = tokens.length;
  const headDim = DIM / HEADS;

  const kvs: Array<[string, KvValue]> = [
    ["general.architecture", { type: "str", value: "llama" }],
    ["general.name", { type: "str", value: `milady-${options.size ?? "tiny"}-test-${options.seed ?? 42}` }],
    ["general.alignment", { type: "u32", value: ALIGNMENT }],
    ["llama.context_length", { type: "u32", value: CONTEXT }],
    ["llama.embedding_length", { type: "u32", value: DIM }],
    ["llama.block_count", { type: "u32", value: LAYERS }],
    ["llama.feed_forward_length", { type: "u32", value: FFN }],
    ["llama.attention.head_count", { type: "u32", value: HEADS }],
    ["llama.attention.head_count_kv", { type: "u32", value: HEADS }],
    ["llama.rope.dimension_count", { type: "u32", value: headDim }],
    ["llama.attention.layer_norm_rms_epsilon", { type: "f32", value: 1e-5 }],
    ["llama.vocab_size", { type: "u32", value: vocab }],
    ["tokenizer.ggml.model", { type: "str", value: "llama" }],
    ["tokenizer.ggml.tokens", { type: "str[]", value: tokens }],
    ["tokenizer.ggml.token_type", { type: "i32[]", value: types }],
    ["tokenizer.ggml.scores", { type: "f32[]", value: scores }],
    ["tokenizer.ggml.unknown_token_id", { type: "u32", value: 0 }],
    ["tokenizer.ggml.bos_token_id", { type: "u32", value: 1 }],
    ["tokenizer.ggml.eos_token_id", { type: "u32", value: 2 }],
  ];
  if (options.chatTemplate === "chatml") kvs.push(["tokenizer.chat_template", { type: "str", value: CHATML_TEMPLATE }]);

  // ggml dimension order: ne0 (the contiguous one) first; token_embd is [dim, vocab].
  const tensors: Tensor[] = [randomTensor(rand, "token_embd.weight", [DIM, vocab], 1)];
  const proj = 1 / Math.sqrt(DIM);
  for (let l = 0; l < LAYERS; l++) {
    const p = `blk.${l}.`;
    tensors.push(onesTensor(`${p}attn_norm.weight`, [DIM]));
    tensors.push(randomTensor(rand, `${p}attn_q.weight`, [DIM, DIM], proj));
    tensors.push(randomTensor(rand, `${p}attn_k.weight`, [DIM, DIM], proj));
    tensors.push(randomTensor(rand, `${p}attn_v.weight`, [DIM, DIM], proj));
    tensors.push(randomTensor(rand, `${p}attn_output.weight`, [DIM, DIM], proj));
    tensors.push(onesTensor(`${p}ffn_norm.weight`, [DIM]));
    tensors.push(randomTensor(rand, `${p}ffn_gate.weight`, [DIM, FFN], proj));
    tensors.push(randomTensor(rand, `${p}ffn_up.weight`, [DIM, FFN], proj));
    tensors.push(randomTensor(rand, `${p}ffn_down.weight`, [FFN, DIM], 1 / Math.sqrt(FFN)));
  }
  tensors.push(onesTensor("output_norm.weight", [DIM]));
  const output = randomTensor(rand, "output.weight", [DIM, vocab], 0.5);
  for (const id of silencedTokens(tokens, types)) output.data.fill(0, id * DIM, (id + 1) * DIM);
  tensors.push(output);

  const w = new ByteWriter();
  w.raw(new TextEncoder().encode("GGUF"));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(kvs.length);
  for (const [key, value] of kvs) writeKv(w, key, value);
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    w.str(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(GGML_F32);
    w.u64(offset);
    offsets.push(offset);
    offset += Math.ceil(t.data.byteLength / ALIGNMENT) * ALIGNMENT;
  }
  w.padTo(ALIGNMENT);
  for (const t of tensors) {
    w.raw(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    w.padTo(ALIGNMENT);
  }
  return w.toBytes();
}

/** Writes the tiny model atomically (temp file + rename), creating the folder if needed. */
export async function writeTinyGguf(outPath: string, options?: TinyGgufOptions): Promise<void> {
  await mkdir(dirname(outPath), { recursive: true });
  const tmp = `${outPath}.tmp-${process.pid}`;
  await writeFile(tmp, buildTinyGguf(options));
  await rename(tmp, outPath);
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const out = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--seed" && args[i - 1] !== "--size");
  const seedIndex = args.indexOf("--seed");
  const seed = seedIndex >= 0 ? Number(args[seedIndex + 1]) : undefined;
  const sizeIndex = args.indexOf("--size");
  const size = sizeIndex >= 0 ? args[sizeIndex + 1] : "tiny";
  if (!out || (seed !== undefined && !Number.isInteger(seed)) || !(size in GGUF_SIZES)) {
    console.error("usage: bun build/make-tiny-gguf.ts OUT.gguf [--seed N] [--chatml] [--size tiny|medium]");
    process.exit(2);
  }
  await writeTinyGguf(out, {
    seed,
    chatTemplate: args.includes("--chatml") ? "chatml" : null,
    size: size as GgufSize,
  });
  console.log(`wrote ${out}`);
}
