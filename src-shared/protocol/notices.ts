import { z } from "zod";

/**
 * Something the user must learn about even if it happened while nobody looked (a repaired or
 * replaced database, with where the backup is). Main keeps notices in <state>/notices.json and
 * shows them in the status until the user acknowledges each one.
 */
export const noticeSchema = z.object({
  id: z.string(),
  kind: z.enum(["database_repaired", "database_replaced", "database_version_restored"]),
  /** When it happened (epoch ms). */
  at: z.number(),
  title: z.string(),
  message: z.string(),
  fix: z.string().optional(),
  /** A folder the notice is about (a database backup), shown so it can be copied. */
  path: z.string().optional(),
});
export type Notice = z.infer<typeof noticeSchema>;
