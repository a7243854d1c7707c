import { z } from "zod";

/** stable follows npm's `latest`, beta `beta`, canary `canary`; a desktop build follows the channel it was built for. */
export const updateChannelSchema = z.enum(["stable", "beta", "canary"]);
export type UpdateChannel = z.infer<typeof updateChannelSchema>;

/** auto: download in the background; notify: tell, download on request; off: no scheduled checks. */
export const updateModeSchema = z.enum(["auto", "notify", "off"]);
export type UpdateMode = z.infer<typeof updateModeSchema>;

export const UPDATE_STATES = [
  /** A development build (channel `dev`): nothing is ever checked. */
  "disabled",
  "idle",
  "checking",
  "up_to_date",
  /** A newer version exists and is not downloaded (notify mode, or headless). */
  "available",
  "downloading",
  /** Downloaded: "Restart to update" applies it. */
  "ready",
  /** Restart asked while a reply streams or a model downloads: applied once both are idle. */
  "deferred",
  "applying",
  "error",
] as const;
export const updateStateSchema = z.enum(UPDATE_STATES);
export type UpdateState = z.infer<typeof updateStateSchema>;

/** What an apply waits for before it may replace the app. */
export const updateBlockerSchema = z.enum(["reply", "model_download"]);
export type UpdateBlocker = z.infer<typeof updateBlockerSchema>;

export const updateStatusSchema = z.object({
  /** desktop: the app replaces itself (Electrobun's updater); headless: npm says, `milady update` installs. */
  backend: z.enum(["desktop", "headless"]),
  state: updateStateSchema,
  /** The version running now. */
  current: z.string(),
  /** The channel that is checked: the configured one (headless) or the build's own (desktop; `dev` never updates). */
  channel: z.string(),
  configuredChannel: updateChannelSchema,
  mode: updateModeSchema,
  /** The newer version found; `hash` identifies a desktop build. */
  available: z.object({ version: z.string(), hash: z.string().optional() }).optional(),
  /** 0-100 while downloading, when the size is known. */
  progress: z.number().min(0).max(100).optional(),
  /** What is going on, in words (also why updates are disabled or what a deferred restart waits for). */
  message: z.string().optional(),
  waitingFor: updateBlockerSchema.optional(),
  /** A failed check or download; Milady keeps running its version and retries at `retryAt`. */
  error: z.object({ message: z.string(), fix: z.string().optional(), retryAt: z.number().optional() }).optional(),
  lastCheckAt: z.number().optional(),
  nextCheckAt: z.number().optional(),
  /** "Restart to update" may be offered: a downloaded update on the desktop. */
  canApply: z.boolean(),
  /** Headless: the command that installs a new version. */
  applyCommand: z.string().optional(),
  /** The configured channel differs from what this desktop build can follow, and what to do about it. */
  channelNote: z.string().optional(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;
