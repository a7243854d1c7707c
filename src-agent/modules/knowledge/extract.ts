import { KNOWLEDGE_MAX_BYTES, MiladyError, unstorableReason } from "../../../src-shared/protocol";

export type KnowledgeKind = "text" | "pdf";

/** Decides how to read an upload from its name and content type; rejects anything else. */
export function knowledgeKind(filename: string, contentType: string): KnowledgeKind {
  const name = filename.toLowerCase();
  const type = contentType.toLowerCase().split(";")[0].trim();
  if (name.endsWith(".pdf") || type === "application/pdf") return "pdf";
  if (name.endsWith(".txt") || name.endsWith(".md") || name.endsWith(".markdown")) return "text";
  if (type === "text/plain" || type === "text/markdown") return "text";
  throw new MiladyError(
    "unsupported_media_type",
    `"${filename}" (${contentType || "unknown type"}) cannot be added to knowledge`,
    "Upload a .txt, .md or .pdf file.",
  );
}

export async function extractText(data: Uint8Array, filename: string, contentType: string): Promise<string> {
  if (data.byteLength > KNOWLEDGE_MAX_BYTES) {
    throw new MiladyError(
      "payload_too_large",
      `"${filename}" is ${data.byteLength} bytes; the limit is ${KNOWLEDGE_MAX_BYTES} bytes`,
      "Split the document into smaller files.",
    );
  }
  const kind = knowledgeKind(filename, contentType);
  const text = kind === "pdf" ? await pdfText(data, filename) : new TextDecoder("utf-8").decode(data);
  const unstorable = unstorableReason(text);
  if (unstorable) {
    throw new MiladyError(
      "validation_failed",
      `"${filename}" ${unstorable}`,
      kind === "pdf"
        ? "Export the PDF's text to a .txt file and upload that."
        : "This looks like a binary file saved as text: save it as plain UTF-8 text and upload it again.",
    );
  }
  if (!text.trim()) {
    throw new MiladyError(
      "bad_request",
      `"${filename}" contains no readable text`,
      kind === "pdf"
        ? "Scanned PDFs need OCR first; export the text and upload a .txt."
        : "Upload a file with text in it.",
    );
  }
  return text;
}

/** PDF text via pdfjs-dist's legacy build (the one that runs in Bun/Node without a DOM). */
async function pdfText(data: Uint8Array, filename: string): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  try {
    // pdfjs transfers (detaches) the buffer it is given: hand it a copy.
    const doc = await pdfjs.getDocument({
      data: new Uint8Array(data),
      useSystemFonts: false,
      isEvalSupported: false,
      verbosity: 0,
    }).promise;
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      let line = "";
      for (const item of content.items as Array<{ str?: string; hasEOL?: boolean }>) {
        line += item.str ?? "";
        if (item.hasEOL) line += "\n";
      }
      pages.push(line.trim());
    }
    await doc.destroy();
    return pages.join("\n\n");
  } catch (err) {
    throw new MiladyError(
      "bad_request",
      `"${filename}" could not be read as a PDF: ${(err as Error).message}`,
      "Check that the file opens in a PDF viewer, or upload its text as .txt.",
    );
  }
}
