import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../config/atomic-write";

/**
 * The id every agent had before ids were per state directory: elizaOS's stringToUuid("milady-agent").
 * A PGlite database made then holds its rows under this id, so a state directory that already has
 * one keeps it.
 */
export const LEGACY_AGENT_ID = "c2c534a3-502f-0b7a-a4ce-111e485c720e";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const agentIdFile = (stateDir: string) => join(stateDir, "agent-id");

/**
 * The agent's id belongs to the state directory, not to the character: renaming the agent must
 * not hide its conversations, and two state directories on one PostgreSQL server must not share
 * rows (plugin-sql scopes everything by agent id). Made once and kept in `<state>/agent-id`; an
 * imported archive writes its own there, so the moved agent finds its rows.
 */
export function agentIdFor(stateDir: string, pgliteDataDir: string): string {
  const file = agentIdFile(stateDir);
  if (existsSync(file)) {
    const id = readFileSync(file, "utf8").trim();
    if (UUID.test(id)) return id.toLowerCase();
    throw new Error(
      `${file} does not hold an agent id (a UUID): restore it from a backup, or delete it only if this state directory has no conversations to keep`,
    );
  }
  const id = existsSync(pgliteDataDir) ? LEGACY_AGENT_ID : randomUUID();
  writeAgentId(stateDir, id);
  return id;
}

export function writeAgentId(stateDir: string, id: string): void {
  if (!UUID.test(id)) throw new Error(`not an agent id (a UUID): ${id}`);
  writeFileAtomic(agentIdFile(stateDir), `${id.toLowerCase()}\n`);
}
