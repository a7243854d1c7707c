import { ARCHIVE_PASSWORD_HEADER, archiveContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import type { AgentArchive } from "../../archive";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";
import type { Drain } from "../drain";

/** POST /api/agent/export and /api/agent/import; 404 without the archive service (test servers). */
export function archiveRoutes(deps: { archive?: AgentArchive; drain: Drain } & ContractRouteOptions) {
  const service = () => {
    if (!deps.archive) throw new MiladyError("not_found", "agent export and import are not available here");
    return deps.archive;
  };
  return implementRoutes(
    archiveContract,
    {
      // Both may outlast the 30 s idle cut (a large knowledge base, the agent's restart after an
      // import); a shutdown meanwhile answers them through the drain instead of cutting them.
      export: async (req) => {
        req.keepOpen();
        const { bytes, fileName } = await deps.drain.run(service().export({ password: req.body.password }));
        return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
          headers: {
            "content-type": "application/gzip",
            "content-disposition": `attachment; filename="${fileName}"`,
            "cache-control": "no-store",
          },
        });
      },
      import: async (req) => {
        req.keepOpen();
        const password = req.request.headers.get(ARCHIVE_PASSWORD_HEADER) ?? undefined;
        const bytes = new Uint8Array(await req.body.arrayBuffer());
        return deps.drain.run(service().import(bytes, { password: password || undefined, mode: req.query.mode }));
      },
    },
    deps,
  );
}
