import { API_WRITABLE_SECRETS } from "../../../src-shared/config";
import { configContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import type { ConfigStore } from "../../config/types";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";

export function configRoutes(deps: { config: ConfigStore } & ContractRouteOptions) {
  const { config } = deps;
  return implementRoutes(
    configContract,
    {
      get: async () => config.view(),
      patch: async ({ body: patch }) => {
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
        return config.patch(patch);
      },
    },
    deps,
  );
}
