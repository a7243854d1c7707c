import { z } from "zod";
import { autonomyConfigSchema } from "../config/extensions-schema";
import { autonomyStatusSchema, autonomyWakeSchema } from "../protocol/autonomy";
import { capability, method, route } from "./define";

const config = autonomyConfigSchema.unwrap();
/** PUT /api/autonomy: any of the three; the rest is kept. */
export const updateAutonomySchema = config.partial();

/**
 * The autonomy loop: off by default; when on, the agent wakes every intervalMinutes in a room of
 * its own, within a cap of model calls per hour. The loop runs in the agent; its config is
 * milady.json's `autonomy`, pushed to the running agent on every change (`configure`).
 */
export const autonomyContract = capability({
  name: "autonomy",
  channel: {
    status: method(z.object({}), autonomyStatusSchema),
    configure: method(config, autonomyStatusSchema),
    /** A wake now, outside the schedule (still within the cap; never over a wake in flight). */
    wake: method(z.object({}), autonomyWakeSchema),
  },
  events: {
    /** After every wake or skipped wake: the loop's status. */
    heartbeat_event: autonomyStatusSchema,
  },
  routes: {
    status: route({
      method: "GET",
      path: "/api/autonomy",
      response: autonomyStatusSchema,
      errors: ["agent_not_running"],
      summary: "the autonomy loop: on or off, interval, cap, calls used this hour, the last wakes",
    }),
    update: route({
      method: "PUT",
      path: "/api/autonomy",
      body: updateAutonomySchema,
      response: autonomyStatusSchema,
      errors: ["validation_failed", "agent_not_running"],
      summary: "turn the loop on or off, change its interval or cap (saved in milady.json, applied at once)",
    }),
    wake: route({
      method: "POST",
      path: "/api/autonomy/wake",
      response: autonomyWakeSchema,
      errors: ["agent_not_running", "agent_paused"],
      summary: "wake the agent now (skipped while a wake runs or the cap is reached; the result says why)",
    }),
  },
});
