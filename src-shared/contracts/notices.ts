import { z } from "zod";
import { noticeSchema } from "../protocol/notices";
import { capability, route } from "./define";

const noticeList = z.object({ notices: z.array(noticeSchema) });

/**
 * Notices main keeps until the user acknowledges them (a repaired database and where its
 * backup is). The status carries the same list, so the dashboard shows them without asking.
 */
export const noticesContract = capability({
  name: "notices",
  routes: {
    list: route({
      method: "GET",
      path: "/api/notices",
      response: noticeList,
      errors: [],
      summary: "notices not acknowledged yet, newest first",
    }),
    ack: route({
      method: "POST",
      path: "/api/notices/:id/ack",
      response: noticeList,
      errors: ["not_found"],
      summary:
        "acknowledge a notice: it is no longer shown (it stays in notices.json as history); answers what is left",
    }),
  },
});
