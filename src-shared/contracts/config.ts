import { configPatchSchema, configViewSchema } from "../protocol/api";
import { capability, route } from "./define";

/** The effective config (secrets masked) and validated partial changes. Main only: no agent channel. */
export const configContract = capability({
  name: "config",
  routes: {
    get: route({
      method: "GET",
      path: "/api/config",
      access: "owner",
      response: configViewSchema,
      errors: [],
      summary: "the effective config, secrets masked, and the state paths",
    }),
    patch: route({
      method: "PATCH",
      path: "/api/config",
      body: configPatchSchema,
      response: configViewSchema,
      errors: ["validation_failed"],
      // A paired phone chats and reads; what the agent runs with (keys, models, plugins, the server) is the owner's.
      access: "owner",
      summary: "a deep-partial change plus write-only secrets; null removes a key (owner only)",
    }),
  },
});
