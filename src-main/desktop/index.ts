import type { HeadlessApp } from "../app/headless";

/**
 * Desktop shell: window, tray and updater on top of the headless app. This is
 * the only folder that may import electrobun, and only through this dynamic
 * entry, because importing `electrobun/bun` opens an RPC port and hooks signals.
 * The full shell is the desktop issue's work; this keeps the seam in place.
 */
export async function runDesktop(app: HeadlessApp): Promise<void> {
  const { BrowserWindow } = await import("electrobun/bun");
  new BrowserWindow({
    title: "Milady",
    url: app.server.url,
    frame: { x: 80, y: 80, width: 1200, height: 820 },
  });
}
