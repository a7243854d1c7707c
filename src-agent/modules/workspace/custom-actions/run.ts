import type { CustomActionSpec, HttpActionSpec, ShellActionSpec } from "./schema";
import { bound, fill, fillJson } from "./template";

export interface RunResult {
  ok: boolean;
  /** What goes into the reply (bounded). */
  text: string;
}

/** One HTTP request; the response body (bounded) is the result, a non-2xx status says so. */
export async function runHttp(spec: HttpActionSpec, values: Record<string, string>): Promise<RunResult> {
  const { request } = spec;
  const url = fill(request.url, values, encodeURIComponent);
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, fill(v, values)]));
  let body: string | undefined;
  if (typeof request.body === "string") body = fill(request.body, values);
  else if (request.body !== undefined) {
    body = JSON.stringify(fillJson(request.body, values));
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type"))
      headers["content-type"] = "application/json";
  }
  try {
    const res = await fetch(url, {
      method: request.method,
      headers,
      body: request.method === "GET" ? undefined : body,
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: "follow",
    });
    const text = bound(await res.text(), spec.maxResponseChars);
    if (!res.ok)
      return { ok: false, text: `${spec.name} failed: HTTP ${res.status} ${res.statusText}\n${text}`.trim() };
    return { ok: true, text };
  } catch (error) {
    const why =
      (error as Error).name === "TimeoutError"
        ? `no answer within ${request.timeoutMs} ms`
        : (error as Error).message || String(error);
    return { ok: false, text: `${spec.name} failed: ${why}` };
  }
}

/** Reads a stream up to `max` characters, then drains the rest so the process is not blocked on a full pipe. */
async function readBounded(stream: ReadableStream<Uint8Array>, max: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  let more = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value: chunk } = await reader.read();
    if (done) break;
    if (text.length < max + 1) text += decoder.decode(chunk, { stream: true });
    else more += chunk.length;
  }
  return more > 0 ? `${text}\n[${more} more bytes]` : text;
}

/** The command as an argv array (no shell interpreter), killed at its timeout; stdout and stderr bounded. */
export async function runShell(spec: ShellActionSpec, values: Record<string, string>): Promise<RunResult> {
  const argv = spec.command.map((part) => fill(part, values));
  let proc: ReturnType<typeof Bun.spawn>;
  try {
    proc = Bun.spawn(argv, {
      cwd: spec.cwd,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "", LANG: "C.UTF-8" },
    });
  } catch (error) {
    return { ok: false, text: `${spec.name} failed: cannot run ${argv[0]}: ${(error as Error).message}` };
  }
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill("SIGKILL");
  }, spec.timeoutMs);
  const [out, err, code] = await Promise.all([
    readBounded(proc.stdout as ReadableStream<Uint8Array>, spec.maxOutputChars),
    readBounded(proc.stderr as ReadableStream<Uint8Array>, spec.maxOutputChars),
    proc.exited,
  ]);
  clearTimeout(timer);
  const output = bound([out, err].filter((s) => s.trim()).join("\n"), spec.maxOutputChars);
  if (timedOut) return { ok: false, text: `${spec.name} was stopped after ${spec.timeoutMs} ms\n${output}`.trim() };
  if (code !== 0) return { ok: false, text: `${spec.name} exited with code ${code}\n${output}`.trim() };
  return { ok: true, text: output || "(no output)" };
}

export async function runCustomAction(spec: CustomActionSpec, values: Record<string, string>): Promise<RunResult> {
  if (spec.kind === "http") return runHttp(spec, values);
  if (spec.kind === "shell") return runShell(spec, values);
  return { ok: true, text: fill(spec.template, values) };
}
