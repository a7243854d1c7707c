// The Bun entry of the Electrobun app (electrobun.config.ts build.bun.entrypoint).
// It runs the very main bundle the headless build ships, staged next to it in
// Resources/app/milady, so the app and `bun dist/main/main.js start --cli` are one
// program. The path is computed so Electrobun's bundler leaves the import alone.
import { join } from "node:path";

const mainBundle = join(import.meta.dir, "..", "milady", "dist", "main", "main.js");

// A double-click passes no command; the OS may pass a milady:// link (Windows, Linux).
const args = process.argv.slice(2);
if (args.length === 0 || args[0].startsWith("milady://")) process.argv.splice(2, 0, "start");

await import(mainBundle);
