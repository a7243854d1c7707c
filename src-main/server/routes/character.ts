import { existsSync } from "node:fs";
import { describeCharacterProblems, normaliseCharacter } from "../../../src-shared/character";
import { characterContract } from "../../../src-shared/contracts";
import { MiladyError } from "../../../src-shared/protocol";
import type { AgentController } from "../../agent-host/types";
import {
  applyToAgent,
  exportCharacterCard,
  exportCharacterFile,
  importCharacterFile,
} from "../../character/import-character";
import { picturePath, pictureUrl } from "../../character/picture";
import type { ConfigStore } from "../../config/types";
import { type ContractRouteOptions, implementRoutes } from "../contract-routes";

/** `filename*` (RFC 6266) carries the character's name as written; `filename` is the ASCII fallback. */
function attachment(fileName: string, name: string, ending = ".character.json"): string {
  const written = `${name.replace(/[\\/"\r\n]/g, "").trim() || "character"}${ending}`;
  return `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(written)}`;
}

export function characterRoutes(deps: { agent: AgentController; config: ConfigStore } & ContractRouteOptions) {
  const { config } = deps;
  return implementRoutes(
    characterContract,
    {
      get: async () => ({ character: config.current().character, picture: pictureUrl(config.paths) }),
      put: async ({ body }) => {
        // The body is any character JSON; one pass turns it into Milady's form or lists every problem.
        const result = normaliseCharacter(body);
        if (!result.ok) {
          const { message, fix } = describeCharacterProblems(result.problems);
          throw new MiladyError("validation_failed", message, fix);
        }
        const { character, ignored, notes } = result;
        await config.setCharacter(character);
        const applied = await applyToAgent(deps, character);
        return { character: config.current().character, ignored, notes, ...applied };
      },
      import: async ({ body: file, query }) => {
        const dryRun = query?.dryRun === "true" || query?.dryRun === "1";
        return importCharacterFile(deps, new Uint8Array(await file.arrayBuffer()), { dryRun });
      },
      export: async () => {
        const file = exportCharacterFile(config);
        return new Response(file.text, {
          headers: {
            "content-type": "application/json; charset=utf-8",
            "content-disposition": attachment(file.fileName, file.name),
            "cache-control": "no-store",
          },
        });
      },
      exportCard: async () => {
        const card = exportCharacterCard(config);
        return new Response(new Blob([card.bytes as Uint8Array<ArrayBuffer>]), {
          headers: {
            "content-type": "image/png",
            "content-disposition": attachment(card.fileName, card.name, ".card.png"),
            "cache-control": "no-store",
          },
        });
      },
      picture: async ({ request }) => {
        const path = picturePath(config.paths);
        if (!existsSync(path)) {
          throw new MiladyError(
            "not_found",
            "the character has no picture",
            "import a PNG character card (Character tab > Import and export) to give it one",
          );
        }
        return new Response(request.method === "HEAD" ? null : Bun.file(path), {
          headers: { "content-type": "image/png", "cache-control": "no-cache", "x-content-type-options": "nosniff" },
        });
      },
    },
    deps,
  );
}
