import "../../testing/happy-dom";
import { afterEach, describe, expect, test } from "bun:test";
import { domForThisFile } from "../../testing/happy-dom";
import { Markdown } from "./markdown";
import { parseInline, safeHref } from "./markdown-parse";

const { cleanup, render } = await import("@testing-library/react");

domForThisFile();
afterEach(cleanup);

const html = (text: string) => render(<Markdown text={text} />).container;
const links = (root: Element) =>
  [...root.querySelectorAll("a")].map((a) => ({
    href: a.getAttribute("href"),
    text: a.textContent,
    target: a.getAttribute("target"),
    rel: a.getAttribute("rel"),
  }));

describe("Markdown", () => {
  test("paragraphs, line breaks, bold, italic and inline code", () => {
    const root = html("First line\nsecond line with **bold**, *italic* and `a < b`.\n\nNext paragraph.");
    const paragraphs = root.querySelectorAll("p");
    expect(paragraphs.length).toBe(2);
    expect(paragraphs[0].querySelectorAll("br").length).toBe(1);
    expect(root.querySelector("strong")?.textContent).toBe("bold");
    expect(root.querySelector("em")?.textContent).toBe("italic");
    expect(root.querySelector("code")?.textContent).toBe("a < b");
    expect(paragraphs[1].textContent).toBe("Next paragraph.");
  });

  test("fenced code blocks keep their text verbatim, markup included; an unclosed fence (still streaming) runs to the end", () => {
    const root = html("Try:\n```ts\nconst x = **1** < 2;\n  indented()\n```\nafter");
    const pre = root.querySelector("pre");
    expect(pre?.textContent).toBe("const x = **1** < 2;\n  indented()");
    expect(pre?.getAttribute("data-lang")).toBe("ts");
    expect(pre?.querySelector("strong")).toBeNull();
    expect(root.querySelectorAll("p")[1].textContent).toBe("after");
    expect(html("```\nstill typing").querySelector("pre")?.textContent).toBe("still typing");
  });

  test("bullet and numbered lists, with the start number and continuation lines", () => {
    const root = html("Shopping:\n- eggs\n- **milk**\n  semi-skimmed\n* bread\n\n3. three\n4. four");
    const ul = root.querySelector("ul");
    expect([...(ul?.querySelectorAll("li") ?? [])].map((li) => li.textContent)).toEqual([
      "eggs",
      "milksemi-skimmed",
      "bread",
    ]);
    expect(ul?.querySelector("strong")?.textContent).toBe("milk");
    const ol = root.querySelector("ol");
    expect(ol?.getAttribute("start")).toBe("3");
    expect(ol?.querySelectorAll("li").length).toBe(2);
  });

  test("[text](url) and bare http(s) URLs link, in a new tab with noopener noreferrer; trailing punctuation stays outside", () => {
    const root = html("See [the docs](https://example.com/a_(b)) or https://example.org/x?y=1. (Also http://a.io/p)");
    expect(links(root)).toEqual([
      { href: "https://example.com/a_(b)", text: "the docs", target: "_blank", rel: "noopener noreferrer" },
      {
        href: "https://example.org/x?y=1",
        text: "https://example.org/x?y=1",
        target: "_blank",
        rel: "noopener noreferrer",
      },
      { href: "http://a.io/p", text: "http://a.io/p", target: "_blank", rel: "noopener noreferrer" },
    ]);
    expect(root.textContent).toContain("x?y=1. (Also");
  });

  test("hostile input: HTML is shown as text, never elements; javascript: and other schemes never link", () => {
    const hostile = [
      "<script>window.__pwned = 1</script>",
      '<img src=x onerror="window.__pwned = 1">',
      "[x](javascript:alert(1))",
      "[y](javascript:alert`1`)",
      "[z](JaVaScRiPt:alert)",
      "[d](data:text/html;base64,PHNjcmlwdD4=)",
      "[v](vbscript:msgbox)",
      "[rel](/api/config)",
      "[proto](//evil.example)",
      "javascript:alert(1)",
      '<a href="javascript:alert(1)">click</a>',
      "**<b onmouseover=alert(1)>x</b>**",
      "`<iframe src=https://evil.example>`",
    ].join("\n\n");
    const root = html(hostile);
    for (const tag of ["script", "img", "iframe", "b"]) expect(root.querySelector(tag)).toBeNull();
    expect(root.querySelectorAll("[onerror], [onmouseover], [src]").length).toBe(0);
    expect(links(root)).toEqual([]);
    expect(root.textContent).toContain("<script>window.__pwned = 1</script>");
    expect(root.textContent).toContain('<img src=x onerror="window.__pwned = 1">');
    expect(root.textContent).toContain("[x](javascript:alert(1))");
    expect((globalThis as { __pwned?: number }).__pwned).toBeUndefined();
  });

  test("stray markers stay text: arithmetic, unclosed emphasis, escapes, snake_case", () => {
    expect(html("2 * 3 * 4 and **not closed").textContent).toBe("2 * 3 * 4 and **not closed");
    expect(html("2 * 3 * 4").querySelector("em")).toBeNull();
    expect(html("\\*literal\\* and my_var_name").textContent).toBe("*literal* and my_var_name");
    expect(html("\\*literal\\*").querySelector("em")).toBeNull();
  });

  test("deeply nested or very long hostile input renders without blowing the stack", () => {
    const deep = `${"*a ".repeat(3000)}${"**".repeat(3000)}`;
    expect(() => parseInline(deep)).not.toThrow();
    expect(html(`${"[".repeat(5000)}x${"](".repeat(2000)}`).textContent?.length).toBeGreaterThan(5000);
  });
});

describe("safeHref", () => {
  test("only absolute http(s) URLs pass", () => {
    expect(safeHref("https://example.com")).toBe("https://example.com/");
    expect(safeHref(" HTTP://Example.com/a ")).toBe("http://example.com/a");
    for (const bad of [
      "javascript:alert(1)",
      "java\tscript:alert(1)",
      "data:text/html,x",
      "/relative",
      "mailto:a@b",
      "ftp://x",
      "https://",
      "",
    ])
      expect(safeHref(bad)).toBeNull();
  });
});
