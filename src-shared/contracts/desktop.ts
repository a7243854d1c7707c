import { z } from "zod";
import { MAX_DEEP_LINK_CHARS } from "../protocol/deep-link";
import { capability, route } from "./define";

/**
 * The desktop app's own routes. Only a Milady running as the desktop app answers them
 * (a headless server answers 404): a second launch, or `milady start` on the same state
 * dir, asks the running app to bring its window forward instead of starting a second
 * agent on the same database.
 */
export const desktopContract = capability({
  name: "desktop",
  routes: {
    focus: route({
      method: "POST",
      path: "/api/desktop/focus",
      body: z.object({
        /** A `milady://` link the second launch was given; the app checks it strictly and ignores it when unknown. */
        link: z.string().max(MAX_DEEP_LINK_CHARS).optional(),
      }),
      response: z.object({
        focused: z.literal(true),
        /** What became of the link: opened, ignored (not a link Milady knows), or none was sent. */
        link: z.enum(["opened", "ignored", "none"]),
      }),
      errors: ["not_found"],
      summary:
        "bring the desktop window to the front (opening it if it was closed to the tray), optionally at a milady:// link",
    }),
  },
});
