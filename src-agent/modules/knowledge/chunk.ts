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

export function chunkText(input: string, options: ChunkOptions = {}): string[] {
  const size = options.size ?? DEFAULT_CHUNK_SIZE;
  const overlap = Math.min(options.overlap ?? DEFAULT_CHUNK_OVERLAP, Math.floor(size / 2));
  const text = input.replace(/\r\n?/g, "\n").trim();
  if (!text) return [];
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const segments = paragraphs.flatMap((p, i) => splitLong(i < paragraphs.length - 1 ? `${p}\n\n` : p, size - overlap));

  const chunks: string[] = [];
  let current = "";
  for (const seg of segments) {
    if (current && current.length + seg.length > size) {
      chunks.push(current.trim());
      // The overlap gives way when the next segment is long (segments are <= size - overlap).
      current = tail(current.trim(), Math.min(overlap, size - seg.length - 1));
      if (current) current += " ";
    }
    current += seg;
  }
  // `current` always holds the last segment, never only the overlap tail.
  if (current.trim()) chunks.push(current.trim());
  return chunks;
}
