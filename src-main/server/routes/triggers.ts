import { triggersContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import type { TriggerService } from "../../triggers";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";

/** The trigger scheduler (main's own); without one (tests, embedded use) every route but the list answers 404. */
export function triggerRoutes(deps: { triggers?: TriggerService } & ContractRouteOptions) {
  const triggers = (id?: string): TriggerService => {
    if (!deps.triggers)
      throw new MiladyError("not_found", id ? `there is no trigger ${id}` : "this Milady has no triggers");
    return deps.triggers;
  };
  return implementRoutes(
    triggersContract,
    {
      list: async () => ({ triggers: deps.triggers?.list() ?? [] }),
      create: ({ body }) => triggers().create(body),
      get: async ({ params }) => triggers(params.id).get(params.id),
      update: ({ params, body }) => triggers(params.id).update(params.id, body),
      remove: async ({ params }) => {
        await triggers(params.id).remove(params.id);
        return { deleted: true as const };
      },
      runs: async ({ params }) => ({ runs: triggers(params.id).runs(params.id) }),
      run: async (req) => {
        // A run is a whole model turn; the agent's reply timeout bounds it.
        req.keepOpen();
        return triggers(req.params.id).runNow(req.params.id);
      },
    },
    deps,
  );
}
