import { ARCHIVE_PASSWORD_HEADER, archiveContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import type { AgentArchive } from "../../archive";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";

/** POST /api/agent/export and /api/agent/import; 404 without the archive service (test servers). */
export function archiveRoutes(deps: { archive?: AgentArchive } & ContractRouteOptions) {
  const service = () => {
    if (!deps.archive) throw new MiladyError("not_found", "agent export and import are not available here");
    return deps.archive;
  };
  return implementRoutes(
    archiveContract,
    {
      export: async ({ body }) => {
        const { bytes, fileName } = await service().export({ password: body.password });
        return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
          headers: {
            "content-type": "application/gzip",
            "content-disposition": `attachment; filename="${fileName}"`,
            "cache-control": "no-store",
          },
        });
      },
      import: async ({ body, query, request }) => {
        const password = request.headers.get(ARCHIVE_PASSWORD_HEADER) ?? undefined;
        const bytes = new Uint8Array(await body.arrayBuffer());
        return service().import(bytes, { password: password || undefined, mode: query.mode });
      },
    },
    deps,
  );
}
