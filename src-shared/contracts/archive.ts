import { z } from "zod";
import { archiveImportModeSchema, archiveImportResultSchema, archiveTableSchema } from "../protocol/archive";
import { capability, method, route } from "./define";

/** An agent archive may be large (knowledge with its vectors); 1 GB is far above any seen, below a runaway upload. */
export const ARCHIVE_MAX_BYTES = 1024 * 1024 * 1024;
/** The export password's header on POST /api/agent/import (a header, so it is never in a URL or a log line). */
export const ARCHIVE_PASSWORD_HEADER = "x-milady-archive-password";

const tableResult = z.object({ name: z.string(), rows: z.number().int() });

/**
 * Agent export / import (`.milady` archives, src-shared/protocol/archive.ts). The database part
 * goes through the agent: it writes one agent's rows to files in a directory main gives, in one
 * read transaction (a consistent snapshot while it keeps answering), and writes them back in one
 * write transaction. Main packs, checks, seals and unpacks the archive (src-main/archive/).
 */
export const archiveContract = capability({
  name: "archive",
  channel: {
    /** Writes `<dir>/<n>-<table>.jsonl` for every table holding this agent's rows. */
    exportRows: method(
      z.object({ dir: z.string() }),
      z.object({ agentId: z.string(), tables: z.array(archiveTableSchema) }),
    ),
    /**
     * Deletes the rows of `deleteAgentIds` (the agent being replaced, and any earlier copy of the
     * archive's agent), then writes the tables from `dir`; all or nothing. Checks the counts.
     */
    importRows: method(
      z.object({
        dir: z.string(),
        agentId: z.string(),
        tables: z.array(archiveTableSchema),
        deleteAgentIds: z.array(z.string()),
      }),
      z.object({ tables: z.array(tableResult), droppedColumns: z.array(z.string()) }),
    ),
    /** How much this agent has: what "into an empty state dir" is checked against. */
    summary: method(
      z.object({}),
      z.object({ agentId: z.string(), messages: z.number().int(), knowledgeDocuments: z.number().int() }),
    ),
  },
  routes: {
    export: route({
      method: "POST",
      path: "/api/agent/export",
      body: z.object({ password: z.string().min(1).max(1024).optional() }),
      response: { kind: "file", contentType: "application/gzip" },
      errors: ["agent_not_running", "validation_failed"],
      summary: "the agent as one .milady archive (secrets only with a password, encrypted)",
    }),
    import: route({
      method: "POST",
      path: "/api/agent/import",
      query: z.object({ mode: archiveImportModeSchema.optional() }),
      body: { kind: "multipart", field: "file", maxBytes: ARCHIVE_MAX_BYTES },
      response: archiveImportResultSchema,
      errors: ["validation_failed", "conflict", "agent_not_running", "payload_too_large"],
      summary: `load a .milady archive (password in the ${ARCHIVE_PASSWORD_HEADER} header); mode replace keeps a backup`,
    }),
  },
});
