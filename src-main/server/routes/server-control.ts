import { MiladyError } from "../../../src-shared/protocol";
import { json } from "../respond";
import type { RouteDef } from "../router";

export const serverRoutes: RouteDef[] = [
  {
    method: "POST",
    path: "/api/server/restart",
    handler: (ctx) => {
      const restart = ctx.options.requestRestart;
      if (!restart) throw new MiladyError("not_found", "this Milady cannot restart itself; restart it by hand");
      // Answer first, then restart: the client sees 202 and reconnects when the server is back.
      setTimeout(() => void Promise.resolve(restart()).catch(() => undefined), 50);
      return json({ restarting: true }, 202);
    },
  },
];
