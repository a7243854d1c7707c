import { newId } from "../../../src-shared/ids";
import { authorizeWebSocket } from "../auth";
import { errorResponse } from "../respond";
import { wsDataFromUrl } from "../ws";
import type { Middleware } from "./pipeline";

/** /ws: the token (header, subprotocol or ?token=) is checked before the upgrade, so a refusal is a plain 401. */
export function upgradeWebSocket(token: string | undefined): Middleware {
  return (ctx, next) => {
    if (ctx.area !== "ws") return next();
    const { request, url, server } = ctx;
    const auth = authorizeWebSocket(request, url, token);
    if (!auth.ok) {
      return errorResponse(
        "unauthorized",
        "missing or wrong API token for /ws",
        'offer the subprotocols "milady.v1" and "milady.bearer.<token>", or add ?token=',
      );
    }
    const upgraded = server.upgrade(request, {
      data: wsDataFromUrl(url, newId()),
      headers: auth.protocol ? { "sec-websocket-protocol": auth.protocol } : undefined,
    });
    return upgraded
      ? undefined
      : errorResponse("bad_request", "/ws expects a WebSocket upgrade", "connect with new WebSocket(url)");
  };
}
