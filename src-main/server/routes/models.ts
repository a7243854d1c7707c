import { MiladyError, type ModelProgressPayload, modelDownloadRequestSchema } from "../../../src-shared/protocol";
import { readJson } from "../body";
import { json } from "../respond";
import type { RouteDef } from "../router";
import type { ModelsService, RouteContext } from "../types";
import { maxBody } from "./limits";

/** Progress events at most every 250 ms per download: smooth bars without flooding the replay buffer. */
const PROGRESS_INTERVAL_MS = 250;

function service(ctx: RouteContext): ModelsService {
  if (!ctx.options.models) {
    throw new MiladyError(
      "not_found",
      "model management is not available in this mode",
      "use `milady models` on the command line",
    );
  }
  return ctx.options.models;
}

function fileOf(uri: string): string {
  return uri.split(/[/:]/).filter(Boolean).pop() ?? uri;
}

function startDownload(ctx: RouteContext, models: ModelsService, uri: string): void {
  const file = fileOf(uri);
  let lastSent = 0;
  const emit = (payload: ModelProgressPayload) => ctx.events.publish("model_progress", payload);
  ctx.downloads.add(uri);
  emit({ uri, file, receivedBytes: 0, done: false });
  models
    .download(uri, (progress) => {
      const now = Date.now();
      if (now - lastSent < PROGRESS_INTERVAL_MS) return;
      lastSent = now;
      emit({ uri, file, receivedBytes: progress.receivedBytes, totalBytes: progress.totalBytes, done: false });
    })
    .then(
      (path) => {
        const name = path.split(/[\\/]/).pop() ?? file;
        ctx.log.info(`model downloaded: ${name}`);
        emit({ uri, file: name, receivedBytes: Bun.file(path).size, done: true });
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        ctx.log.warn(`model download failed (${uri}): ${message}`);
        emit({ uri, file, receivedBytes: 0, done: true, error: message });
      },
    )
    .finally(() => ctx.downloads.delete(uri));
}

export const modelRoutes: RouteDef[] = [
  {
    method: "GET",
    path: "/api/models",
    handler: async (ctx) => json({ models: await service(ctx).list(), downloading: [...ctx.downloads] }),
  },
  {
    method: "POST",
    path: "/api/models/download",
    handler: async (ctx) => {
      const models = service(ctx);
      const { uri } = await readJson(ctx.request, modelDownloadRequestSchema, maxBody(ctx));
      if (ctx.downloads.has(uri)) {
        throw new MiladyError("conflict", `${uri} is already downloading`, "watch model_progress events on /ws");
      }
      startDownload(ctx, models, uri);
      return json({ accepted: true, uri, file: fileOf(uri) }, 202);
    },
  },
];
