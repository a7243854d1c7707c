import { join } from "node:path";

/**
 * True when this code runs from the bundle `npm run build` writes (dist/main/main.js)
 * rather than from src-main/*.ts. Bundled or not, this file sits two levels below
 * the root (src-main/app or dist/main), so only the agent's entries differ.
 */
export const BUNDLED = import.meta.path.endsWith(".js");

/** The checkout (or the app's staged copy) root. */
export const APP_ROOT = join(import.meta.dir, "..", "..");
export const RENDERER_DIR = join(APP_ROOT, "dist", "renderer");
/** A migrated empty PGlite database a fresh state dir starts from (build/make-db-template.ts). */
export const DB_TEMPLATE_DIR = join(APP_ROOT, "dist", "db-template");
export const DEFAULT_AVATAR_FILE = join(APP_ROOT, "assets", "avatars", "milady-default.vrm");
/** The agent's entry files; referenced by path, never imported (src-main must not import src-agent). */
export const AGENT_WORKER_ENTRY = BUNDLED
  ? join(APP_ROOT, "dist", "agent", "worker.js")
  : join(APP_ROOT, "src-agent", "worker.ts");
export const AGENT_PROCESS_ENTRY = BUNDLED
  ? join(APP_ROOT, "dist", "agent", "process-entry.js")
  : join(APP_ROOT, "src-agent", "process-entry.ts");
