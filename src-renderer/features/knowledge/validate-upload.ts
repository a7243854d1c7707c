import { KNOWLEDGE_EXTENSIONS, KNOWLEDGE_MAX_BYTES } from "../../../src-shared/protocol/knowledge";

/** Checked before upload so the user learns about a bad file in milliseconds, not after a 10 MB transfer. */
export function validateKnowledgeFile(file: { name: string; size: number }): string | null {
  const dot = file.name.lastIndexOf(".");
  const ext = dot >= 0 ? file.name.slice(dot).toLowerCase() : "";
  if (!(KNOWLEDGE_EXTENSIONS as readonly string[]).includes(ext)) {
    return `"${file.name}" is not a supported type. Upload a .txt, .md or .pdf file.`;
  }
  if (file.size > KNOWLEDGE_MAX_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    return `"${file.name}" is ${mb} MB; the limit is ${KNOWLEDGE_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files.`;
  }
  if (file.size === 0) return `"${file.name}" is empty.`;
  return null;
}
