import { z } from "zod";
import { pluginStatusSchema } from "../protocol/agent-state";
import { capability, method, route } from "./define";

/** One of the workspace files the agent reads into its prompt (in <state>/workspace/). */
export const workspaceFileSchema = z.object({
  name: z.string(),
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  /** Only the first part goes into the prompt (the provider says so in the prompt too). */
  truncated: z.boolean(),
});

export const workspaceInfoSchema = z.object({
  dir: z.string(),
  files: z.array(workspaceFileSchema),
  /** Every custom-actions/*.json: loaded, failed (with the file, field and fix) or refused (shell off). */
  customActions: z.array(pluginStatusSchema),
});
export type WorkspaceInfo = z.infer<typeof workspaceInfoSchema>;

/**
 * The agent's workspace: the owner's notes in <state>/workspace/ in the prompt, and the
 * declarative custom actions in <state>/workspace/custom-actions/*.json (read at agent start).
 */
export const workspaceContract = capability({
  name: "workspace",
  channel: {
    info: method(z.object({}), workspaceInfoSchema),
  },
  routes: {
    info: route({
      method: "GET",
      path: "/api/workspace",
      response: workspaceInfoSchema,
      errors: ["agent_not_running"],
      summary: "the workspace files in the prompt and the custom actions with their status",
    }),
  },
});
