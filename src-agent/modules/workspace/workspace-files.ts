import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { WORKSPACE_FILES, WORKSPACE_TEMPLATES, type WorkspaceFileName } from "./templates";

/** Per file and in all: a 4k-context local model must still have room for the conversation. */
export const MAX_FILE_CHARS = 2000;
export const MAX_TOTAL_CHARS = 6000;

export interface PromptFile {
  name: WorkspaceFileName;
  path: string;
  /** Characters of the file on disk. */
  chars: number;
  bytes: number;
  /** What goes into the prompt (bounded). */
  text: string;
  truncated: boolean;
}

/**
 * Writes the templates of the files that do not exist yet. `wx` fails on an existing file, so a
 * file the user wrote (or emptied on purpose) is never overwritten, even by two starts at once.
 * Returns the names it created.
 */
export function ensureWorkspace(dir: string): WorkspaceFileName[] {
  mkdirSync(dir, { recursive: true });
  const created: WorkspaceFileName[] = [];
  for (const name of WORKSPACE_FILES) {
    let fd: number;
    try {
      fd = openSync(join(dir, name), "wx");
    } catch {
      continue; // exists (or cannot be created): leave it alone
    }
    try {
      writeSync(fd, WORKSPACE_TEMPLATES[name]);
      created.push(name);
    } finally {
      closeSync(fd);
    }
  }
  return created;
}

/** The last read of each file by mtime and size: a turn re-reads only what the user changed. */
const lastRead = new Map<string, { signature: string; content: string }>();

/** The files as they go into the prompt: each cut at `maxFile`, all together at `maxTotal`. */
export function readForPrompt(dir: string, maxFile = MAX_FILE_CHARS, maxTotal = MAX_TOTAL_CHARS): PromptFile[] {
  const out: PromptFile[] = [];
  let left = maxTotal;
  for (const name of WORKSPACE_FILES) {
    const path = join(dir, name);
    let content: string;
    let bytes: number;
    try {
      const stat = statSync(path);
      bytes = stat.size;
      const signature = `${stat.mtimeMs}:${stat.size}`;
      const cached = lastRead.get(path);
      content = cached?.signature === signature ? cached.content : readFileSync(path, "utf8");
      lastRead.set(path, { signature, content });
    } catch {
      continue; // deleted by the user: nothing to add
    }
    const trimmed = content.trim();
    const limit = Math.max(0, Math.min(maxFile, left));
    const truncated = trimmed.length > limit;
    const text = truncated ? trimmed.slice(0, limit) : trimmed;
    left -= text.length;
    out.push({ name, path, chars: trimmed.length, bytes, text, truncated });
  }
  return out;
}

/** The prompt section; a cut file says so, with its size and where the rest is. */
export function formatForPrompt(files: PromptFile[]): string {
  const parts = files
    .filter((f) => f.text || f.truncated)
    .map((f) => {
      const note = f.truncated
        ? `\n[truncated: the first ${f.text.length} of ${f.chars} characters of ${f.name} are shown; the rest is in ${f.path}]`
        : "";
      return `## ${f.name}\n${f.text}${note}`;
    });
  return parts.length > 0 ? `# Workspace files (the owner's notes for you)\n${parts.join("\n\n")}` : "";
}
