import { API_WRITABLE_SECRETS } from "../../../src-shared/config";
import { configPatchSchema, MiladyError } from "../../../src-shared/protocol";
import { readJson } from "../body";
import { json } from "../respond";
import type { RouteDef } from "../router";
import { maxBody } from "./limits";

export const configRoutes: RouteDef[] = [
  { method: "GET", path: "/api/config", handler: (ctx) => json(ctx.options.config.view()) },
  {
    method: "PATCH",
    path: "/api/config",
    handler: async (ctx) => {
      const patch = await readJson(ctx.request, configPatchSchema, maxBody(ctx));
      // Checked here as well as in the store: the API token must never be writable over the API.
      for (const name of Object.keys(patch.secrets ?? {})) {
        if (!(API_WRITABLE_SECRETS as readonly string[]).includes(name)) {
          const why =
            name === "MILADY_API_TOKEN"
              ? "the API token cannot be changed over the API; set MILADY_API_TOKEN in the environment instead"
              : `unknown secret; allowed: ${API_WRITABLE_SECRETS.join(", ")}`;
          throw new MiladyError("validation_failed", `secrets.${name}: ${why}`);
        }
      }
      return json(await ctx.options.config.patch(patch));
    },
  },
];
