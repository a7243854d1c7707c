import type { Provider } from "@elizaos/core";
import { formatForPrompt, readForPrompt } from "./workspace-files";

/** The four workspace files (templates.ts), read on every turn (the user may edit them at any time). */
export function createWorkspaceProvider(dir: string): Provider {
  return {
    name: "workspace",
    description: "The owner's workspace files (how to work, identity, the user, memory), size-bounded",
    position: -5,
    get: async () => {
      const files = readForPrompt(dir);
      const text = formatForPrompt(files);
      return {
        text,
        values: { workspace: text },
        data: { files: files.map(({ name, chars, truncated }) => ({ name, chars, truncated })) },
      };
    },
  };
}
