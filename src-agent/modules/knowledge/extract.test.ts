import { describe, expect, test } from "bun:test";
import { extractText } from "./extract";

/** A one-page PDF with one line of Helvetica text, xref offsets computed (no fixture file). */
function makePdf(text: string): Uint8Array {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

describe("extractText", () => {
  test("reads UTF-8 text and markdown", async () => {
    expect(await extractText(new TextEncoder().encode("héllo ✓"), "a.txt", "text/plain")).toBe("héllo ✓");
  });

  test("reads a PDF with pdfjs-dist's legacy build", async () => {
    const text = await extractText(makePdf("The pineapple grows in Hawaii"), "fruit.pdf", "application/pdf");
    expect(text).toContain("The pineapple grows in Hawaii");
  });

  test("a broken PDF and an empty file give errors that say what to do", async () => {
    await expect(
      extractText(new TextEncoder().encode("%PDF-1.4 garbage"), "bad.pdf", "application/pdf"),
    ).rejects.toThrow(/could not be read as a PDF/);
    await expect(extractText(new Uint8Array(0), "empty.txt", "text/plain")).rejects.toThrow(/no readable text/);
  });
});
