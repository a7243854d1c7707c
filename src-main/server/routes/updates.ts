import { updatesContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import type { UpdatesService } from "../../update";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";

function updatesOf(updates: UpdatesService | undefined): UpdatesService {
  if (!updates) {
    throw new MiladyError(
      "not_found",
      "updates are not available in this mode",
      "run `milady update --check` on the command line",
    );
  }
  return updates;
}

export function updateRoutes(deps: { updates?: UpdatesService } & ContractRouteOptions) {
  return implementRoutes(
    updatesContract,
    {
      status: async () => updatesOf(deps.updates).status(),
      check: async ({ keepOpen }) => {
        // A slow registry or feed may take seconds; the check bounds itself.
        keepOpen();
        return updatesOf(deps.updates).check();
      },
      download: async () => updatesOf(deps.updates).download(),
      apply: async () => updatesOf(deps.updates).apply(),
    },
    deps,
  );
}
