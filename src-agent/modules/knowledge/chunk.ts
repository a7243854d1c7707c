/**
 * Splits text into overlapping chunks for embedding: ~800 characters cut on paragraph,
 * then sentence, then word boundaries, each chunk starting with ~100 characters of the
 * previous one so a fact split across a boundary is still found. 800 chars is ~200
 * tokens: small enough for a 512-token embedding context, big enough to carry meaning.
 */
export interface ChunkOptions {
  size?: number;
  overlap?: number;
}

export const DEFAULT_CHUNK_SIZE = 800;
export const DEFAULT_CHUNK_OVERLAP = 100;

function splitLong(segment: string, size: number): string[] {
  if (segment.length <= size) return [segment];
  const sentences = segment.match(/[^.!?\n]+(?:[.!?]+["')\]]*|\n|$)\s*/g) ?? [segment];
  const out: string[] = [];
  for (const s of sentences) {
    if (s.length <= size) {
      out.push(s);
      continue;
    }
    // A "sentence" longer than a chunk: cut on spaces, or hard-cut a word without any.
    let rest = s;
    while (rest.length > size) {
      let cut = rest.lastIndexOf(" ", size);
      if (cut <= size / 2) cut = size;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    if (rest) out.push(rest);
  }
  return out;
}

/** The last `overlap` characters of `text`, starting on a word boundary when there is one. */
function tail(text: string, overlap: number): string {
  if (overlap <= 0 || text.length <= overlap) return overlap > 0 ? text : "";
  const start = text.length - overlap;
  const space = text.indexOf(" ", start);
  return (space >= 0 && space < text.length - 1 ? text.slice(space + 1) : text.slice(start)).trimStart();
}

/**
 * The chunks of `input`, one at a time: a 10 MB document is ~15,000 chunks, and the
 * uploader embeds and stores them in small batches instead of holding them all.
 */
export function* chunkPieces(input: string, options: ChunkOptions = {}): Generator<string> {
  const size = options.size ?? DEFAULT_CHUNK_SIZE;
  const overlap = Math.min(options.overlap ?? DEFAULT_CHUNK_OVERLAP, Math.floor(size / 2));
  const text = input.replace(/\r\n?/g, "\n").trim();
  if (!text) return;
  let current = "";
  for (const seg of segments(text, size - overlap)) {
    if (current && current.length + seg.length > size) {
      yield current.trim();
      // The overlap gives way when the next segment is long (segments are <= size - overlap).
      current = tail(current.trim(), Math.min(overlap, size - seg.length - 1));
      if (current) current += " ";
    }
    current += seg;
  }
  // `current` always holds the last segment, never only the overlap tail.
  if (current.trim()) yield current.trim();
}

/** Paragraphs (with their blank line, but the last), each cut to pieces of at most `max` characters. */
function* segments(text: string, max: number): Generator<string> {
  const paragraph = /\n\s*\n/g;
  let start = 0;
  let pending: string | undefined;
  // The same paragraphs as text.split(/\n\s*\n/) without the blank ones, found lazily.
  for (;;) {
    const match = paragraph.exec(text);
    const end = match ? match.index : text.length;
    const p = text.slice(start, end).trim();
    if (p) {
      if (pending !== undefined) yield* splitLong(`${pending}\n\n`, max);
      pending = p;
    }
    if (!match) break;
    start = match.index + match[0].length;
  }
  if (pending !== undefined) yield* splitLong(pending, max);
}

export function chunkText(input: string, options: ChunkOptions = {}): string[] {
  return [...chunkPieces(input, options)];
}
