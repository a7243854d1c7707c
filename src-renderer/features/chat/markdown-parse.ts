/**
 * A small, safe subset of Markdown for chat messages: paragraphs and line breaks,
 * **bold**, *italic*, `inline code`, fenced code blocks, bullet and numbered lists,
 * headings (shown as bold lines), [text](url) and bare URLs.
 *
 * Blocks here, inline pieces in markdown-inline.ts. Both produce plain data that
 * markdown.tsx turns into React elements, so message text is never parsed as HTML:
 * `<script>` stays the characters `<script>`.
 * Links are absolute http(s) URLs only (see safeHref); anything else stays text.
 */
import { type Inline, parseInline } from "./markdown-inline";

export type { Inline } from "./markdown-inline";
export { parseInline, safeHref } from "./markdown-inline";

export type Block =
  | { kind: "paragraph"; children: Inline[] }
  | { kind: "heading"; children: Inline[] }
  | { kind: "code"; lang: string; text: string }
  | { kind: "list"; ordered: boolean; start: number; items: Inline[][] };

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
