import { noticesContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import type { NoticeBoard } from "../../notices";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";

/** The notice board (main's own); without one (tests, embedded use) there are no notices to acknowledge. */
export function noticeRoutes(deps: { notices?: NoticeBoard } & ContractRouteOptions) {
  return implementRoutes(
    noticesContract,
    {
      list: async () => ({ notices: deps.notices?.pending() ?? [] }),
      ack: async ({ params }) => {
        if (!deps.notices) throw new MiladyError("not_found", `there is no notice ${params.id}`);
        return { notices: deps.notices.ack(params.id) };
      },
    },
    deps,
  );
}
