/**
 * A small, safe subset of Markdown for chat messages: paragraphs and line breaks,
 * **bold**, *italic*, `inline code`, fenced code blocks, bullet and numbered lists,
 * headings (shown as bold lines), [text](url) and bare URLs.
 *
 * It produces a tree of plain data that markdown.tsx turns into React elements, so
 * message text is never parsed as HTML: `<script>` stays the characters `<script>`.
 * Links are absolute http(s) URLs only (see safeHref); anything else stays text.
 */

export type Inline =
  | { kind: "text"; text: string }
  | { kind: "br" }
  | { kind: "code"; text: string }
  | { kind: "strong"; children: Inline[] }
  | { kind: "em"; children: Inline[] }
  | { kind: "link"; href: string; children: Inline[] };

export type Block =
  | { kind: "paragraph"; children: Inline[] }
  | { kind: "heading"; children: Inline[] }
  | { kind: "code"; lang: string; text: string }
  | { kind: "list"; ordered: boolean; start: number; items: Inline[][] };

/** The href for a link, or null: only absolute http(s) URLs, so `javascript:`, `data:` and relative paths never link. */
export function safeHref(raw: string): string | null {
  const candidate = raw.trim();
  if (!/^https?:\/\//i.test(candidate)) return null;
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)\s*$/;
const BULLET = /^ {0,3}[-*+]\s+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/;
const HEADING = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
const INDENTED = /^ {2,}\S/;

const isBlank = (line: string) => line.trim() === "";
const startsBlock = (line: string) => FENCE.test(line) || HEADING.test(line) || BULLET.test(line) || ORDERED.test(line);

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      // An unclosed fence (a reply still streaming) runs to the end of the text.
      const marker = fence[1];
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(marker)) body.push(lines[i++]);
      i++;
      blocks.push({ kind: "code", lang: fence[2], text: body.join("\n") });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: "heading", children: parseInline(heading[1]) });
      i++;
      continue;
    }
    const ordered = ORDERED.exec(line);
    if (ordered || BULLET.test(line)) {
      i = readList(lines, i, Boolean(ordered), blocks);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !isBlank(lines[i]) && !(para.length > 0 && startsBlock(lines[i]))) para.push(lines[i++]);
    blocks.push({ kind: "paragraph", children: parseInline(para.join("\n")) });
  }
  return blocks;
}

/** Items of one list; indented lines continue an item; a blank line ends the list unless another item follows. */
function readList(lines: string[], from: number, ordered: boolean, blocks: Block[]): number {
  const marker = ordered ? ORDERED : BULLET;
  const items: string[][] = [];
  let start = 1;
  let i = from;
  while (i < lines.length) {
    const m = marker.exec(lines[i]);
    if (m) {
      if (items.length === 0 && ordered) start = Number(m[1]);
      items.push([ordered ? m[2] : m[1]]);
      i++;
    } else if (items.length > 0 && INDENTED.test(lines[i]) && !startsBlock(lines[i])) {
      items[items.length - 1].push(lines[i].trim());
      i++;
    } else if (isBlank(lines[i]) && i + 1 < lines.length && marker.test(lines[i + 1])) {
      i++;
    } else break;
  }
  blocks.push({ kind: "list", ordered, start, items: items.map((item) => parseInline(item.join("\n"))) });
  return i;
}

const ESCAPABLE = "\\`*_[]()#+-.!<>~";
// Bounded lengths keep a hostile "[[[[..." linear instead of quadratic.
const LINK = /\[([^\]\n]{1,300})\]\(\s*([^\s()]{0,2000}(?:\([^\s()]{0,200}\)[^\s()]{0,200})*)\s*\)/y;
const BARE_URL = /https?:\/\/[^\s<>"'`]+/iy;
/** Deeper nesting than this is hostile or broken input: the rest is shown as text. */
const MAX_DEPTH = 6;

export function parseInline(src: string, depth = 0, links = true): Inline[] {
  const out: Inline[] = [];
  let text = "";
  const flush = () => {
    if (text) out.push({ kind: "text", text });
    text = "";
  };
  const push = (node: Inline) => {
    flush();
    out.push(node);
  };
  const noCloser: Unclosed = { "*": Infinity, "**": Infinity };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "\\" && ESCAPABLE.includes(src[i + 1] ?? "")) {
      text += src[i + 1];
      i += 2;
    } else if (c === "\n") {
      push({ kind: "br" });
      i++;
    } else if (c === "`") {
      let n = 1;
      while (src[i + n] === "`") n++;
      const end = src.indexOf("`".repeat(n), i + n);
      if (end < 0) {
        text += src.slice(i, i + n);
        i += n;
      } else {
        push({ kind: "code", text: src.slice(i + n, end) });
        i = end + n;
      }
    } else if (c === "*" && depth < MAX_DEPTH) {
      const strong = src[i + 1] === "*";
      const close = findClosing(src, i, strong ? "**" : "*", noCloser);
      if (close < 0) {
        text += strong ? "**" : "*";
        i += strong ? 2 : 1;
      } else {
        const inner = parseInline(src.slice(i + (strong ? 2 : 1), close), depth + 1, links);
        push(strong ? { kind: "strong", children: inner } : { kind: "em", children: inner });
        i = close + (strong ? 2 : 1);
      }
    } else if (c === "[" && links && matchAt(LINK, src, i)) {
      const m = matchAt(LINK, src, i)!;
      const href = safeHref(m[2]);
      if (href) push({ kind: "link", href, children: parseInline(m[1], depth + 1, false) });
      else text += m[0]; // an unsafe or relative target: shown as the text it is
      i += m[0].length;
    } else if ((c === "h" || c === "H") && links && !/[\w/]/.test(src[i - 1] ?? "") && matchAt(BARE_URL, src, i)) {
      const url = trimUrl(matchAt(BARE_URL, src, i)![0]);
      const href = safeHref(url);
      if (href) push({ kind: "link", href, children: [{ kind: "text", text: url }] });
      else text += url;
      i += url.length;
    } else {
      text += c;
      i++;
    }
  }
  flush();
  return out;
}

function matchAt(re: RegExp, src: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(src);
}

/**
 * Where `marker` closes an emphasis opened at `open`, or -1. Like Markdown, the text
 * inside may not start or end with a space, so "2 * 3 * 4" stays arithmetic.
 */
function findClosing(src: string, open: number, marker: "*" | "**", noCloser: Unclosed): number {
  const from = open + marker.length;
  if (/\s/.test(src[from] ?? " ") || from >= noCloser[marker]) return -1;
  let at = src.indexOf(marker, from);
  while (at >= 0) {
    const single = marker === "*" && (src[at + 1] === "*" || src[at - 1] === "*");
    if (at > from && !/\s/.test(src[at - 1]) && !single) return at;
    at = src.indexOf(marker, at + (single ? 2 : 1));
  }
  // Whether a position closes does not depend on the opener, so no later opener can close either.
  noCloser[marker] = from;
  return -1;
}

/** Per text: from where on a marker is known to have no closer (keeps "*a *a *a ..." linear). */
type Unclosed = Record<"*" | "**", number>;

/** A URL at the end of a sentence keeps its full stop outside; a closing bracket stays only if it has an opening one. */
function trimUrl(url: string): string {
  let end = url.length;
  while (end > 0) {
    const ch = url[end - 1];
    const body = url.slice(0, end);
    if (".,;:!?*_~".includes(ch)) end--;
    else if (ch === ")" && (body.match(/\(/g)?.length ?? 0) < (body.match(/\)/g)?.length ?? 0)) end--;
    else break;
  }
  return url.slice(0, end);
}
