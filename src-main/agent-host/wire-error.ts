import { MiladyError, type WireError } from "../../src-shared/protocol";

/** What a failed start or request tells the status and the callers: Milady's own errors keep their code and fix. */
export function toWire(error: unknown): WireError {
  if (error instanceof MiladyError) return error.toWire();
  return { code: "internal", message: error instanceof Error ? error.message : String(error) };
}
