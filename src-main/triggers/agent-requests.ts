import type { Trigger, TriggerRun, TriggerTaskRequest } from "../../src-shared/protocol";
import { MiladyError } from "../../src-shared/protocol";
import type { Logger } from "../logging";
import type { TriggerService } from "./trigger-service";

/**
 * The agent's TRIGGER_TASK action asks main through an event (the agent cannot call main): create
 * a trigger, or run one by id or name. The agent has no answer channel, so what went wrong is logged.
 */
export async function answerAgentRequest(
  service: Pick<TriggerService, "create" | "list" | "runNow">,
  request: TriggerTaskRequest,
  log: Pick<Logger, "info" | "warn">,
): Promise<Trigger | TriggerRun | undefined> {
  try {
    if (request.op === "create") {
      const trigger = await service.create(request.trigger);
      log.info(`the agent created trigger ${trigger.id} (${trigger.name})`);
      return trigger;
    }
    const wanted = request.name?.trim().toLowerCase();
    const found = service
      .list()
      .find((t) => t.id === request.id || (wanted !== undefined && t.name.toLowerCase() === wanted));
    if (!found) {
      throw new MiladyError("not_found", `there is no trigger ${request.id ?? request.name ?? "(no id or name)"}`);
    }
    return await service.runNow(found.id);
  } catch (error) {
    log.warn(`the agent's trigger request (${request.op}) failed: ${(error as Error).message}`);
    return undefined;
  }
}
