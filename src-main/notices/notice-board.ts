import { readFileSync } from "node:fs";
import { z } from "zod";
import { MiladyError, type Notice, noticeSchema } from "../../src-shared/protocol";
import { writeFileAtomic } from "../config/atomic-write";
import type { Logger } from "../logging";

const storedNoticeSchema = noticeSchema.extend({ acknowledgedAt: z.number().optional() });
type StoredNotice = z.infer<typeof storedNoticeSchema>;
const noticesFileSchema = z.object({ version: z.literal(1), notices: z.array(storedNoticeSchema) });

/** Acknowledged notices kept as history (where a backup went is worth finding again later). */
const HISTORY = 50;

/**
 * Notices the user must see once, kept in <state>/notices.json until acknowledged: a repaired
 * or replaced database happens at a start nobody may be watching, and the next restart must
 * not make it disappear. Written atomically; a file that cannot be read starts an empty board
 * (and is replaced at the next change) rather than stopping Milady.
 */
export class NoticeBoard {
  private notices: StoredNotice[];
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly file: string,
    private readonly log: Pick<Logger, "warn">,
  ) {
    this.notices = this.load();
  }

  /** Not acknowledged yet, newest first. */
  pending(): Notice[] {
    return this.notices
      .filter((n) => n.acknowledgedAt === undefined)
      .sort((a, b) => b.at - a.at)
      .map(({ acknowledgedAt: _, ...notice }) => notice);
  }

  add(notice: Notice): void {
    if (this.notices.some((n) => n.id === notice.id)) return;
    this.notices.push(notice);
    this.changed();
  }

  /** Marks a notice acknowledged (again is fine); answers what is still pending. */
  ack(id: string, now = Date.now()): Notice[] {
    const notice = this.notices.find((n) => n.id === id);
    if (!notice) throw new MiladyError("not_found", `there is no notice ${id}`, "Reload the dashboard.");
    if (notice.acknowledgedAt === undefined) {
      notice.acknowledgedAt = now;
      this.changed();
    }
    return this.pending();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    const acknowledged = this.notices.filter((n) => n.acknowledgedAt !== undefined);
    const drop = new Set(acknowledged.sort((a, b) => b.at - a.at).slice(HISTORY));
    this.notices = this.notices.filter((n) => !drop.has(n));
    try {
      writeFileAtomic(this.file, `${JSON.stringify({ version: 1, notices: this.notices }, null, 2)}\n`);
    } catch (error) {
      // A full disk must not lose the notice: it stays in memory and is shown until acknowledged.
      this.log.warn(
        `could not save ${this.file} (${(error as Error).message}); the notices are kept until Milady stops`,
      );
    }
    for (const listener of this.listeners) listener();
  }

  private load(): StoredNotice[] {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch {
      return [];
    }
    try {
      return noticesFileSchema.parse(JSON.parse(text)).notices;
    } catch (error) {
      this.log.warn(
        `${this.file} is not a valid notices file (${(error as Error).message.split("\n")[0]}); starting without notices`,
      );
      return [];
    }
  }
}
