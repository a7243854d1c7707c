import { join } from "node:path";

/** The checkout (or app bundle) root: src-main/app -> ../.. */
export const APP_ROOT = join(import.meta.dir, "..", "..");
export const RENDERER_DIR = join(APP_ROOT, "dist", "renderer");
export const DEFAULT_AVATAR_FILE = join(APP_ROOT, "assets", "avatars", "milady-default.vrm");
/** The agent's entry files; referenced by path, never imported (src-main must not import src-agent). */
export const AGENT_WORKER_ENTRY = join(APP_ROOT, "src-agent", "worker.ts");
export const AGENT_PROCESS_ENTRY = join(APP_ROOT, "src-agent", "process-entry.ts");
