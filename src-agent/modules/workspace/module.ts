import { join } from "node:path";
import { agentContract, workspaceContract } from "../../../src-shared/contracts";
import { emotesDisabled } from "../avatar/emotes-disabled";
import { defineAgentModule } from "../module";
import { adminTrustProvider, channelProfileProvider, sessionKeyProvider } from "./conversation-providers";
import { loadCustomActions } from "./custom-actions/load";
import { createCustomActionsProvider, toAction } from "./custom-actions/to-action";
import { createRestartAction } from "./restart-action";
import { createUiCatalogProvider } from "./ui-catalog-provider";
import { ensureWorkspace, readForPrompt } from "./workspace-files";
import { createWorkspaceProvider } from "./workspace-provider";

/** Milady's own action names (and bootstrap's): a custom action may not take them. */
const RESERVED = [
  "REPLY",
  "IGNORE",
  "NONE",
  "CONTINUE",
  "RESTART",
  "SEND_MESSAGE",
  "TRIGGER_TASK",
  "PLAY_EMOTE",
  "FOLLOW_ROOM",
  "UNFOLLOW_ROOM",
  "MUTE_ROOM",
  "UNMUTE_ROOM",
  "UPDATE_SETTINGS",
  "UPDATE_ROLE",
  "UPDATE_CONTACT",
  "CHOOSE_OPTION",
  "GENERATE_IMAGE",
];

/**
 * The agent's workspace (<state>/workspace): the files in the prompt, the custom actions, and the
 * providers about who and where the agent is talking to; plus RESTART.
 */
export const workspaceModule = defineAgentModule(workspaceContract, ({ boot, log, emit }) => {
  const dir = join(boot.stateDir, "workspace");
  try {
    const created = ensureWorkspace(dir);
    if (created.length > 0) log.info("workspace", `created ${created.join(", ")} in ${dir}`);
  } catch (error) {
    log.warn("workspace", `could not create the workspace files in ${dir}: ${(error as Error).message}`);
  }
  const custom = loadCustomActions(join(dir, "custom-actions"), {
    shellEnabled: boot.features?.shellEnabled === true,
    reserved: RESERVED,
  });
  for (const problem of custom.problems) log.warn("custom-actions", problem);
  if (custom.actions.length > 0) {
    log.info("custom-actions", `loaded ${custom.actions.map((a) => a.spec.name).join(", ")}`);
  }
  return {
    plugin: {
      providers: [
        createWorkspaceProvider(dir),
        channelProfileProvider,
        adminTrustProvider,
        sessionKeyProvider,
        createUiCatalogProvider(!emotesDisabled(boot.character.settings)),
        createCustomActionsProvider(
          () => custom.actions,
          () => custom.problems,
        ),
      ],
      actions: [
        createRestartAction((reason) => emit(agentContract, "restart_requested", { reason })),
        ...custom.actions.map(toAction),
      ],
    },
    pluginStatuses: () => custom.statuses,
    handlers: {
      info: async () => ({
        dir,
        files: readForPrompt(dir).map((f) => ({ name: f.name, path: f.path, bytes: f.bytes, truncated: f.truncated })),
        customActions: custom.statuses,
      }),
    },
  };
});
