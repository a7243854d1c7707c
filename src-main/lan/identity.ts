import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { newId } from "../../src-shared/ids";
import { writeFileAtomic } from "../config/atomic-write";

/**
 * This agent's stable id, in the pairing QR and the mDNS TXT record: a phone that paired once
 * finds the desktop again by it after the Wi-Fi hands out another address. Made once per state dir.
 */
export function agentLanId(stateDir: string): string {
  const path = join(stateDir, "lan.json");
  try {
    if (existsSync(path)) {
      const id = (JSON.parse(readFileSync(path, "utf8")) as { id?: unknown }).id;
      if (typeof id === "string" && /^[A-Za-z0-9-]{8,64}$/.test(id)) return id;
    }
  } catch {
    // unreadable: a new id (paired phones then find the agent by address, and pair again if that changed too)
  }
  const id = newId();
  writeFileAtomic(path, `${JSON.stringify({ version: 1, id })}\n`);
  return id;
}
