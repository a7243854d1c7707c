import { type ArchiveImportResult, type ArchiveManifest, MiladyError } from "../../src-shared/protocol";
import type { AgentController } from "../agent-host";
import type { FileConfigStore } from "../config";
import { exportAgent } from "./export-agent";
import { type ImportOptions, importAgent } from "./import-agent";

export { type ArchiveDeps, archiveFileName, exportAgent } from "./export-agent";
export { checkArchive, type ImportDeps, type ImportOptions, importAgent } from "./import-agent";
export { openArchive, packArchive } from "./pack";
export { openSecrets, sealSecrets } from "./seal";

/** Export and import for a running Milady (the routes): the agent restarts on the imported id. */
export interface AgentArchive {
  export(options: { password?: string }): Promise<{ bytes: Uint8Array; manifest: ArchiveManifest; fileName: string }>;
  import(bytes: Uint8Array, options: ImportOptions): Promise<ArchiveImportResult>;
}

export function createAgentArchive(deps: {
  store: FileConfigStore;
  agent: AgentController;
  reloadTriggers?: () => void;
}): AgentArchive {
  let busy = false;
  // One at a time: two imports (or an export during an import) would read half-written state.
  const once = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (busy)
      throw new MiladyError("conflict", "an export or import is already running", "wait for it to end, then try again");
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  };
  return {
    export: (options) => once(() => exportAgent(deps, options)),
    import: (bytes, options) =>
      once(() => importAgent({ ...deps, afterImport: () => deps.agent.restart() }, bytes, options)),
  };
}
