import { z } from "zod";

/** One wake of the autonomy loop: what it did (ok: the agent answered; skipped: paused, busy or over the cap). */
export const autonomyWakeSchema = z.object({
  id: z.string(),
  at: z.number(),
  endedAt: z.number().optional(),
  status: z.enum(["running", "ok", "error", "skipped"]),
  /** The agent's answer (bounded), or why the wake was skipped or failed. */
  text: z.string().optional(),
  /** Model calls this wake made. */
  modelCalls: z.number().int().nonnegative().default(0),
  /** "schedule" or "manual" (the Wake now button, POST /api/autonomy/wake). */
  cause: z.enum(["schedule", "manual"]),
});
export type AutonomyWake = z.infer<typeof autonomyWakeSchema>;

/** The autonomy loop as the autonomousState provider, GET /api/autonomy and the dashboard see it. */
export const autonomyStatusSchema = z.object({
  enabled: z.boolean(),
  intervalMinutes: z.number().int(),
  maxModelCallsPerHour: z.number().int(),
  /** Model calls the loop made in the last 60 minutes. */
  callsThisHour: z.number().int().nonnegative(),
  /** Set while the cap is reached: when the oldest counted call leaves the hour window. */
  capResetsAt: z.number().optional(),
  running: z.boolean(),
  lastWake: autonomyWakeSchema.optional(),
  nextWakeAt: z.number().optional(),
  /** The last wakes, newest first (at most 20). */
  history: z.array(autonomyWakeSchema),
});
export type AutonomyStatus = z.infer<typeof autonomyStatusSchema>;

export const AUTONOMY_HISTORY = 20;
