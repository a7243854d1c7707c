import { MiladyError } from "../../../src-shared/protocol";

/**
 * An archive is a file from elsewhere: its rows may be written only if they are the archived
 * agent's own. On a PostgreSQL server shared with other Milady instances a row carrying another
 * agent's id would otherwise land in (or, through a conflict, hide behind) that agent's data.
 * Checked before anything is written: agents by id, embeddings through the archive's own
 * memories, every other table by its agent_id. Only the id fields are read, so JSON's number
 * rounding cannot matter.
 */
export function checkRowOwners(
  table: string,
  rows: string[],
  agentId: string,
  memoryIds: Set<string>,
  agentScoped: Set<string>,
): void {
  if (!agentScoped.has(table)) {
    throw refused(`table "${table}" is not part of an agent's data`);
  }
  for (const [index, text] of rows.entries()) {
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw refused(`row ${index + 1} of table "${table}" is not JSON`);
    }
    const owner = table === "agents" ? row.id : table === "embeddings" ? undefined : row.agent_id;
    const ok = table === "embeddings" ? memoryIds.has(String(row.memory_id)) : String(owner) === agentId;
    if (!ok) throw refused(`row ${index + 1} of table "${table}" belongs to another agent`);
    if (table === "memories" && typeof row.id === "string") memoryIds.add(row.id);
  }
}

const refused = (what: string) =>
  new MiladyError(
    "validation_failed",
    `this archive cannot be imported: ${what}; nothing was changed`,
    "make a new archive with `milady export` on the machine the agent comes from",
  );
