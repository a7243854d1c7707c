/**
 * Chat message text as React elements (see markdown-parse.ts for the subset). No
 * dangerouslySetInnerHTML anywhere: every piece of message text is a React text
 * node, so markup in a message is shown, never run.
 */
import { Fragment, type ReactNode, useMemo } from "react";
import { type Block, type Inline, parseMarkdown } from "./markdown-parse";

function inlines(nodes: Inline[]): ReactNode {
  return nodes.map((node, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the parsed text is static; position is its identity
    <Fragment key={i}>{inline(node)}</Fragment>
  ));
}

function inline(node: Inline): ReactNode {
  switch (node.kind) {
    case "text":
      return node.text;
    case "br":
      return <br />;
    case "code":
      return <code className="rounded bg-black/15 px-1 py-px font-mono text-[0.88em]">{node.text}</code>;
    case "strong":
      return <strong className="font-semibold">{inlines(node.children)}</strong>;
    case "em":
      return <em>{inlines(node.children)}</em>;
    case "link":
      return (
        <a
          href={node.href}
          target="_blank"
          rel="noopener noreferrer"
          className="underline decoration-1 underline-offset-2 [overflow-wrap:anywhere] hover:opacity-80"
        >
          {inlines(node.children)}
        </a>
      );
  }
}

function block(node: Block): ReactNode {
  switch (node.kind) {
    case "paragraph":
      return <p>{inlines(node.children)}</p>;
    case "heading":
      return <p className="font-semibold">{inlines(node.children)}</p>;
    case "code":
      return (
        <pre
          className="overflow-x-auto rounded-lg bg-black/20 px-3 py-2 font-mono text-[13px] leading-snug"
          data-lang={node.lang || undefined}
        >
          <code>{node.text}</code>
        </pre>
      );
    case "list": {
      const items = node.items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity beyond their position
        <li key={i}>{inlines(item)}</li>
      ));
      return node.ordered ? (
        <ol className="list-decimal pl-5" start={node.start === 1 ? undefined : node.start}>
          {items}
        </ol>
      ) : (
        <ul className="list-disc pl-5">{items}</ul>
      );
    }
  }
}

export function Markdown({ text }: { text: string }) {
  // Streaming replies re-render per token; parsing is linear in the text and cheap at chat sizes.
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  return (
    <div className="flex min-w-0 flex-col gap-2" data-testid="markdown">
      {blocks.map((b, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blocks of one text have no identity beyond their position
        <Fragment key={i}>{block(b)}</Fragment>
      ))}
    </div>
  );
}
