import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { GGUF_HEADER_BYTES, readGgufHeader } from "../../src-shared/gguf";
import { parseHfUri } from "./hf-uri";
import { isGgufFile } from "./local-models";
import type { DownloadProgress } from "./progress-bar";

export type DownloadOptions = {
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  baseUrl?: string;
};

/** Where an hf: URI lands: `<modelsDir>/<file name>` (the same rule boot-config's resolveModelRef uses). */
export function hfModelDestination(uri: string, modelsDir: string): string {
  return join(modelsDir, basename(parseHfUri(uri).file));
}

async function sizeOf(path: string): Promise<number | undefined> {
  return (await stat(path).catch(() => undefined))?.size;
}

function httpError(status: number, url: string, uri: string): Error {
  if (status === 401 || status === 403) {
    return new Error(
      `Hugging Face refused ${url} (HTTP ${status}): the repository may be gated or private; download the file in a browser and put it in the models folder`,
    );
  }
  if (status === 404)
    return new Error(
      `${uri} was not found on Hugging Face (HTTP 404 for ${url}): check the owner, repository, file name and revision`,
    );
  return new Error(`downloading ${uri} failed with HTTP ${status} from ${url}: try again later`);
}

/**
 * Downloads an hf: model into modelsDir and returns its path.
 *   - streams into `<file>.part` and renames only when complete and the GGUF header checks
 *     out, so an interrupted download never leaves a half file under the real name;
 *   - a `.part` left by an interrupted run is resumed with an HTTP Range request (multi-GB
 *     files over home links do get interrupted); a server ignoring Range restarts it;
 *   - an existing valid file is returned without any network access.
 */
export async function downloadHfModel(uri: string, modelsDir: string, options: DownloadOptions = {}): Promise<string> {
  const ref = parseHfUri(uri, options.baseUrl);
  const target = join(modelsDir, basename(ref.file));
  if (await isGgufFile(target)) return target;
  await mkdir(modelsDir, { recursive: true });
  const part = `${target}.part`;
  const resumeFrom = (await sizeOf(part)) ?? 0;

  let response: Response;
  try {
    response = await fetch(ref.url, {
      signal: options.signal,
      redirect: "follow",
      headers: resumeFrom > 0 ? { range: `bytes=${resumeFrom}-` } : {},
    });
  } catch (error) {
    if (options.signal?.aborted)
      throw new Error(`download of ${uri} was cancelled; run the same command again to resume`);
    throw new Error(
      `cannot reach ${new URL(ref.url).origin} to download ${uri} (${String(error)}): check the network, or download the file yourself into ${modelsDir}`,
    );
  }
  if (response.status === 416 && resumeFrom > 0) {
    // The .part is already complete (or bigger than the file): start over cleanly.
    await rm(part, { force: true });
    return downloadHfModel(uri, modelsDir, options);
  }
  if (!response.ok || !response.body) throw httpError(response.status, ref.url, uri);

  const resumed = response.status === 206 && resumeFrom > 0;
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  const totalBytes = Number.isFinite(length) ? length + (resumed ? resumeFrom : 0) : undefined;
  let receivedBytes = resumed ? resumeFrom : 0;
  const handle = await open(part, resumed ? "a" : "w");
  // The header is checked as soon as 24 bytes exist, so an HTML error page is rejected without saving it all.
  let head: Uint8Array = new Uint8Array(0);
  let headChecked = resumed;
  let failed: unknown;
  try {
    const reader = response.body.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!headChecked) {
        head = concat(head, value.subarray(0, GGUF_HEADER_BYTES - head.byteLength));
        if (head.byteLength >= GGUF_HEADER_BYTES) {
          headChecked = true;
          if (!readGgufHeader(head)) throw notGguf(uri, ref.url, head);
        }
      }
      await handle.write(value);
      receivedBytes += value.byteLength;
      options.onProgress?.({ receivedBytes, totalBytes });
      // Also checked here: a body already buffered would otherwise finish after an abort.
      options.signal?.throwIfAborted();
    }
    if (!headChecked) throw notGguf(uri, ref.url, head);
    if (totalBytes !== undefined && receivedBytes !== totalBytes) {
      throw new Error(
        `download of ${uri} ended early (${receivedBytes} of ${totalBytes} bytes); run the same command again to resume`,
      );
    }
  } catch (error) {
    failed = error;
  } finally {
    await handle.close();
  }
  if (failed !== undefined) {
    const isNotGguf = failed instanceof Error && failed.message.includes("is not a GGUF file");
    // Keep a genuine partial download for resuming; never keep bytes of a wrong file.
    if (isNotGguf) await rm(part, { force: true });
    if (options.signal?.aborted)
      throw new Error(`download of ${uri} was cancelled; run the same command again to resume`);
    throw failed;
  }
  if (!(await isGgufFile(part))) {
    await rm(part, { force: true });
    throw notGguf(uri, ref.url, new Uint8Array(0));
  }
  await rename(part, target);
  return target;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

function notGguf(uri: string, url: string, head: Uint8Array): Error {
  const preview = new TextDecoder().decode(head.subarray(0, 16)).replace(/[^\x20-\x7e]/g, ".");
  return new Error(
    `the file downloaded for ${uri} is not a GGUF file (it starts with "${preview}", from ${url}): check that the URI names a .gguf file in that repository`,
  );
}
