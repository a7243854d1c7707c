import type { PairPayload } from "../../src-shared/contracts";

/** qrcode (and the PNG encoder it brings) takes ~40 ms to load: a pairing needs it, a start does not. */
const qrcode = async () => (await import("qrcode")).default;

/** The pairing QR as an SVG, dark on white (phone cameras read that best), with a quiet zone. */
export async function qrSvg(payload: PairPayload): Promise<string> {
  return (await qrcode()).toString(JSON.stringify(payload), {
    type: "svg",
    errorCorrectionLevel: "M",
    margin: 4,
    color: { dark: "#000000", light: "#ffffff" },
  });
}

/** The same QR for a terminal (`milady pair`), in half-height blocks. */
export async function qrTerminal(text: string): Promise<string> {
  return (await qrcode()).toString(text, { type: "terminal", small: true, errorCorrectionLevel: "M" });
}
