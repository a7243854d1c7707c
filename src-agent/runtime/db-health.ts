import { agentContract } from "../../src-shared/contracts";
import type { WireError } from "../../src-shared/protocol";
import { isPgliteCorruption } from "./pglite-recovery";
import type { EmitEvent } from "./types";

/**
 * Whether the database works, as the last read or write found it. Main shows it in the status
 * (and the agent cannot reply while it is degraded); only changes are announced.
 *
 * Damage (a corruption pattern) is different from a refused write: it stays until the next
 * start repairs it, even if other queries succeed meanwhile, and the damage watch (PGlite)
 * replaces the first generic problem with one that names the table.
 */
export class DbHealth {
  private problem: WireError | undefined;
  private watch: ((error: unknown) => Promise<void>) | undefined;
  private damage: "locating" | "known" | undefined;

  constructor(private readonly emit: EmitEvent) {}

  get degraded(): WireError | undefined {
    return this.problem;
  }

  /** What to do the first time a failure shows damage (PGlite: find the table, mark it for repair). */
  watchDamage(watch: (error: unknown) => Promise<void>): void {
    this.watch = watch;
  }

  /** `cause` is the error behind `problem`: a corruption pattern in it is damage. */
  failed(problem: WireError, cause?: unknown): void {
    if (this.watch && cause !== undefined && isPgliteCorruption(cause)) {
      if (this.damage) return; // already reported, or being located: keep the precise problem
      this.damage = "locating";
      void this.watch(cause).catch(() => undefined);
    }
    this.set(problem);
  }

  /** The damage watch's precise problem (which table, what the next start does). */
  damaged(problem: WireError): void {
    this.damage = "known";
    this.set(problem);
  }

  ok(): void {
    if (!this.problem || this.damage) return;
    this.problem = undefined;
    this.emit(agentContract, "db_status", { health: "ok" });
  }

  private set(problem: WireError): void {
    if (this.problem?.code === problem.code && this.problem.message === problem.message) return;
    this.problem = problem;
    this.emit(agentContract, "db_status", { health: "degraded", problem });
  }
}
