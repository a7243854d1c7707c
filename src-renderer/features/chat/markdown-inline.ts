/**
 * Inline Markdown of one paragraph or list item: **bold**, *italic*, `code`, line
 * breaks, [text](url) and bare URLs (absolute http(s) only: see safeHref). Plain data;
 * markdown.tsx turns it into React elements.
 */

export type Inline =
  | { kind: "text"; text: string }
  | { kind: "br" }
  | { kind: "code"; text: string }
  | { kind: "strong"; children: Inline[] }
  | { kind: "em"; children: Inline[] }
  | { kind: "link"; href: string; children: Inline[] };

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
