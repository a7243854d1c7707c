import QRCode from "qrcode";
import type { PairPayload } from "../../src-shared/contracts";

/** The pairing QR as an SVG, dark on white (phone cameras read that best), with a quiet zone. */
export function qrSvg(payload: PairPayload): Promise<string> {
  return QRCode.toString(JSON.stringify(payload), {
    type: "svg",
    errorCorrectionLevel: "M",
    margin: 4,
    color: { dark: "#000000", light: "#ffffff" },
  });
}

/** The same QR for a terminal (`milady pair`), in half-height blocks. */
export function qrTerminal(text: string): Promise<string> {
  return QRCode.toString(text, { type: "terminal", small: true, errorCorrectionLevel: "M" });
}
