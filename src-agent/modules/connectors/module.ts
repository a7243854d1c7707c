import { connectorsContract } from "../../../src-shared/contracts";
import { defineAgentModule } from "../module";
import { extensionState } from "./extension-state";

/** The connectors' agent side: how the connector plugins and MCP servers it loaded are doing. */
export const connectorsModule = defineAgentModule(connectorsContract, () => ({
  handlers: {
    status: async () => extensionState.snapshot(),
  },
}));
