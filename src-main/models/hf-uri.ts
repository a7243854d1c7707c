/**
 * `hf:` model URIs, the way users name a Hugging Face GGUF file:
 *   hf:owner/repo/file.gguf
 *   hf:owner/repo/sub/dir/file.gguf
 *   hf:owner/repo/file.gguf@revision   (branch, tag or commit; default "main")
 *   hf:owner/repo@revision/file.gguf
 */
export type HfModelRef = { owner: string; repo: string; file: string; revision: string; url: string };

export const DEFAULT_HF_BASE_URL = "https://huggingface.co";
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const REVISION = /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/;
const EXAMPLE = "hf:owner/repo/file.gguf (e.g. hf:Qwen/Qwen3-0.6B-GGUF/Qwen3-0.6B-Q8_0.gguf)";

/** Base URL: explicit > MILADY_HF_BASE_URL (tests, mirrors) > huggingface.co. */
export function hfBaseUrl(override?: string): string {
  return (override ?? process.env.MILADY_HF_BASE_URL ?? DEFAULT_HF_BASE_URL).replace(/\/+$/, "");
}

export function parseHfUri(uri: string, baseUrl?: string): HfModelRef {
  const bad = (why: string): Error => new Error(`"${uri}" is not a valid hf: model URI (${why}): use ${EXAMPLE}`);
  const trimmed = uri.trim();
  if (!trimmed.startsWith("hf:")) throw bad('it must start with "hf:"');
  let rest = trimmed.slice(3).replace(/^\/+/, "");
  let revision = "main";
  const [ownerPart, repoPart, ...fileParts] = rest.split("/");
  let repo = repoPart ?? "";
  if (repo.includes("@")) {
    // hf:owner/repo@rev/file.gguf
    [repo, revision] = [repo.slice(0, repo.indexOf("@")), repo.slice(repo.indexOf("@") + 1)];
  }
  rest = fileParts.join("/");
  const at = rest.lastIndexOf("@");
  if (at >= 0) {
    // hf:owner/repo/file.gguf@rev
    revision = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const owner = ownerPart ?? "";
  if (!NAME.test(owner)) throw bad("missing or invalid owner");
  if (repo.includes(":")) throw bad("the owner/repo:quant form is not supported, name the .gguf file");
  if (!NAME.test(repo)) throw bad("missing or invalid repository name");
  if (!rest) throw bad("missing the file path after owner/repo");
  const segments = rest.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) throw bad("empty, '.' or '..' path segment");
  if (!rest.toLowerCase().endsWith(".gguf")) throw bad("the file must be a .gguf");
  if (!revision || !REVISION.test(revision) || revision.includes("..")) throw bad("invalid @revision");
  const encodedPath = segments.map(encodeURIComponent).join("/");
  const url = `${hfBaseUrl(baseUrl)}/${owner}/${repo}/resolve/${encodeURIComponent(revision)}/${encodedPath}`;
  return { owner, repo, file: rest, revision, url };
}
