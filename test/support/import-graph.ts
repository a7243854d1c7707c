import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

export interface ImportEdge {
  file: string; // repo-relative
  specifier: string;
  /** Repo-relative target for relative imports. */
  target?: string;
}

const IMPORT_RE =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

export function listSourceFiles(root: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === "node_modules" || name === "dist") continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx|mts)$/.test(name)) out.push(path);
    }
  };
  for (const dir of dirs) {
    try {
      walk(join(root, dir));
    } catch {
      // folder not there yet
    }
  }
  return out;
}

/** Strips comments so a mention of `import "x"` in prose is not an edge. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

export function importsOf(root: string, file: string, text = readFileSync(file, "utf8")): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const rel = relative(root, file).split(sep).join("/");
  for (const match of stripComments(text).matchAll(IMPORT_RE)) {
    const specifier = match[1] ?? match[2];
    const edge: ImportEdge = { file: rel, specifier };
    if (specifier.startsWith("."))
      edge.target = relative(root, resolve(dirname(file), specifier))
        .split(sep)
        .join("/");
    edges.push(edge);
  }
  return edges;
}

const top = (path: string) => path.split("/")[0];
/** Test code runs on Bun, never in the shipped bundle, so environment rules do not bind it. */
const isTest = (file: string) =>
  /\.test\.tsx?$/.test(file) ||
  file.includes("/test-helpers") ||
  file.includes("/test-support/") ||
  file.includes("/testing/") ||
  file.includes("/test-doubles");
const bare = (spec: string) => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);

/** The import rules of ARCHITECTURE.md; returns one line per violation. */
export function checkImportRules(edges: ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const { file, specifier, target } of edges) {
    const area = top(file);
    const where = `${file} imports "${specifier}"`;
    if (target) {
      const to = top(target);
      if (area === "src-shared" && to !== "src-shared") problems.push(`${where}: src-shared imports only itself`);
      if (area === "src-renderer" && to !== "src-renderer" && to !== "src-shared")
        problems.push(`${where}: src-renderer imports only src-shared`);
      if (area === "src-main" && (to === "src-agent" || to === "src-renderer"))
        problems.push(`${where}: src-main never imports ${to}`);
      if (area === "src-agent" && (to === "src-main" || to === "src-renderer"))
        problems.push(`${where}: src-agent never imports ${to}`);
      continue;
    }
    const pkg = bare(specifier);
    if (area === "src-shared" && !(pkg === "zod" || (isTest(file) && pkg === "bun:test")))
      problems.push(`${where}: src-shared must stay environment-neutral (zod only)`);
    if (
      area === "src-renderer" &&
      !isTest(file) &&
      /^(node:|bun)|^(@elizaos|node-llama-cpp|@electric-sql|electrobun|commander)/.test(specifier)
    )
      problems.push(`${where}: src-renderer runs in a browser`);
    if (pkg === "electrobun" && !file.startsWith("src-main/desktop/"))
      problems.push(`${where}: electrobun only in src-main/desktop/`);
    if (
      (pkg === "three" || pkg === "@pixiv/three-vrm") &&
      !file.startsWith("src-renderer/avatar/") &&
      !file.startsWith("build/") &&
      !file.startsWith("test/")
    )
      problems.push(`${where}: three only in src-renderer/avatar/`);
  }
  return problems;
}

const STATIC_VALUE_IMPORT =
  /(?:^|[\s;])(?:import(?!\s+type\s)|export(?!\s+type\s))\s+(?:[\w*{}\s,$]+from\s+)?["']([^"']+)["']/g;

/**
 * Importing `electrobun/bun` opens a port and hooks process.exit and signals, so it is loaded
 * only with a dynamic import on the desktop path: no static value import of electrobun
 * anywhere (type-only imports are erased), the desktop layer's entry (src-main/desktop/index.ts)
 * reached from outside src-main/desktop/ only by a dynamic import, and no test importing
 * electrobun at all. `texts` lets a test feed made-up files.
 */
export function checkElectrobunLoading(root: string, files: string[], texts: Record<string, string> = {}): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const rel = relative(root, file).split(sep).join("/");
    const text = stripComments(texts[file] ?? readFileSync(file, "utf8"));
    for (const edge of importsOf(root, file, text)) {
      if (bare(edge.specifier) === "electrobun" && isTest(rel))
        problems.push(`${rel} imports electrobun: tests never do`);
    }
    for (const match of text.matchAll(STATIC_VALUE_IMPORT)) {
      const specifier = match[1]!;
      if (bare(specifier) === "electrobun") {
        problems.push(`${rel} imports electrobun statically: load it with a dynamic import on the desktop path`);
      }
      if (!specifier.startsWith(".") || rel.startsWith("src-main/desktop/") || isTest(rel)) continue;
      const target = relative(root, resolve(dirname(file), specifier))
        .split(sep)
        .join("/");
      if (/^src-main\/desktop(\/index(\.ts)?)?$/.test(target)) {
        problems.push(
          `${rel} imports the desktop layer statically: only \`await import("…/desktop")\` on the desktop path`,
        );
      }
    }
  }
  return problems;
}

/** `AgentRuntime` may be constructed only in src-agent/runtime/. */
export function checkAgentRuntimeUse(root: string, files: string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const rel = relative(root, file).split(sep).join("/");
    if (rel.startsWith("src-agent/runtime/") || rel.startsWith("test/")) continue;
    const text = stripComments(readFileSync(file, "utf8"));
    if (
      /new\s+AgentRuntime\b/.test(text) ||
      /import\s*{[^}]*\bAgentRuntime\b[^}]*}\s*from\s*["']@elizaos\/core["']/.test(
        text.replace(/type\s+AgentRuntime/g, ""),
      )
    ) {
      problems.push(`${rel} uses AgentRuntime: only src-agent/runtime/ may construct it`);
    }
  }
  return problems;
}

/** The comments of a source file, joined (block and line comments). */
function commentsOf(text: string): string {
  return (text.match(/\/\*[\s\S]*?\*\/|(?<![:"'`\w])\/\/.*$/gm) ?? []).join("\n");
}

/**
 * Every document a comment names (ARCHITECTURE.md, a path under docs/, src-main/server/README.md) must exist,
 * relative to the repository root or to the file. Returns one line per dangling pointer.
 */
export function checkDocReferences(root: string, files: string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const rel = relative(root, file).split(sep).join("/");
    for (const match of commentsOf(readFileSync(file, "utf8")).matchAll(/[\w./-]*[A-Za-z0-9_-]+\.md\b/g)) {
      const doc = match[0];
      const candidates = [join(root, doc), join(dirname(file), doc)];
      if (!candidates.some((path) => existsSync(path))) problems.push(`${rel} points to ${doc}, which does not exist`);
    }
  }
  return problems;
}
