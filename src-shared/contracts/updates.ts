import { z } from "zod";
import { updateStatusSchema } from "../protocol/updates";
import { capability, route } from "./define";

/**
 * New versions of Milady. Main only (no agent channel): on the desktop the app's updater downloads
 * and applies them; headless, the npm registry is asked and `milady update` installs.
 */
export const updatesContract = capability({
  name: "updates",
  events: {
    /** Published by main on /ws (not sent by the agent): each state change and the download's progress. */
    update_status: updateStatusSchema,
  },
  routes: {
    status: route({
      method: "GET",
      path: "/api/updates",
      response: updateStatusSchema,
      errors: ["not_found"],
      summary: "this version, the channel and mode, the last check, what was found and where the download is",
    }),
    check: route({
      method: "POST",
      path: "/api/updates/check",
      response: updateStatusSchema,
      errors: ["not_found", "conflict"],
      summary: "check now, whatever the schedule (also with mode off); answers once the check is done",
    }),
    download: route({
      method: "POST",
      path: "/api/updates/download",
      response: updateStatusSchema,
      status: 202,
      errors: ["not_found", "conflict"],
      summary: "desktop: download the version found (notify mode); progress arrives as update_status on /ws",
    }),
    apply: route({
      method: "POST",
      path: "/api/updates/apply",
      response: z.object({
        /** False when the restart waits for a reply or a model download (the status says which). */
        applying: z.boolean(),
        status: updateStatusSchema,
      }),
      status: 202,
      errors: ["not_found", "conflict"],
      summary: "desktop: restart into the downloaded version, never while a reply streams or a model downloads",
    }),
  },
});
