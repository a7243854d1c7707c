import { agentContract } from "../../src-shared/contracts";
import type { WireError } from "../../src-shared/protocol";
import type { EmitEvent } from "./types";

/**
 * Whether the database works, as the last read or write found it. Main shows it in the status
 * (and the agent cannot reply while it is degraded); only changes are announced.
 */
export class DbHealth {
  private problem: WireError | undefined;

  constructor(private readonly emit: EmitEvent) {}

  get degraded(): WireError | undefined {
    return this.problem;
  }

  failed(problem: WireError): void {
    if (this.problem?.code === problem.code && this.problem.message === problem.message) return;
    this.problem = problem;
    this.emit(agentContract, "db_status", { health: "degraded", problem });
  }

  ok(): void {
    if (!this.problem) return;
    this.problem = undefined;
    this.emit(agentContract, "db_status", { health: "ok" });
  }
}
