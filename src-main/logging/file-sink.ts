import { appendFileSync, mkdirSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";
import type { LogLine } from "../../src-shared/protocol";
import type { LogSink } from "./log-hub";

/** Rotate at 5 MB, keeping one previous file: enough for a support request, bounded on disk. */
const MAX_BYTES = 5 * 1024 * 1024;

export function createFileSink(logsDir: string): LogSink {
  mkdirSync(logsDir, { recursive: true });
  const file = join(logsDir, "milady.log");
  let written = 0;
  try {
    written = statSync(file).size;
  } catch {
    written = 0;
  }
  return {
    write(line: LogLine) {
      const text = `${new Date(line.ts).toISOString()} ${line.level} [${line.source}] ${line.msg}\n`;
      if (written + text.length > MAX_BYTES) {
        try {
          renameSync(file, `${file}.1`);
        } catch {
          // first rotation: nothing to move
        }
        written = 0;
      }
      try {
        appendFileSync(file, text);
        written += text.length;
      } catch {
        // A full disk must not take the server down; stderr still has the line.
      }
    },
  };
}
