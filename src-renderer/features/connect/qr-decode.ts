/**
 * Reads a QR code from a playing <video>: the browser's own BarcodeDetector where it has one
 * that knows QR (Chrome on Android), else jsQR on a canvas frame (Safari, Firefox). jsQR is
 * loaded only when needed, so the dashboard's first paint does not carry it.
 */

export type FrameDecoder = (video: HTMLVideoElement) => Promise<string | null>;

interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats?: () => Promise<string[]>;
}

/** Frames wider than this are scaled down first: decoding a 1080p frame 4 times a second drains a phone. */
const MAX_FRAME_WIDTH = 640;

async function nativeDecoder(): Promise<FrameDecoder | null> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!Detector) return null;
  try {
    const formats = (await Detector.getSupportedFormats?.()) ?? ["qr_code"];
    if (!formats.includes("qr_code")) return null;
    const detector = new Detector({ formats: ["qr_code"] });
    return async (video) => {
      const codes = await detector.detect(video);
      return codes[0]?.rawValue ?? null;
    };
  } catch {
    return null;
  }
}

async function canvasDecoder(): Promise<FrameDecoder> {
  const { default: jsQR } = await import("jsqr");
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    if (!ctx || !video.videoWidth || !video.videoHeight) return null;
    const scale = Math.min(1, MAX_FRAME_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
    const frame = ctx.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "dontInvert" })?.data ?? null;
  };
}

export async function makeFrameDecoder(): Promise<FrameDecoder> {
  return (await nativeDecoder()) ?? (await canvasDecoder());
}

/** What to tell the user when the camera cannot be used, by the error getUserMedia threw. */
export function cameraProblem(e: unknown): string {
  const name = (e as { name?: string })?.name;
  if (name === "NotAllowedError" || name === "SecurityError")
    return "Camera access was refused. Allow the camera for this page in the browser's settings, or type the address and code instead.";
  if (name === "NotFoundError" || name === "OverconstrainedError")
    return "No camera was found. Type the address and code instead.";
  if (name === "NotReadableError") return "The camera is busy in another app. Close it and try again.";
  return "The camera could not be started. Type the address and code instead.";
}
