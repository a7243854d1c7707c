import type { Memory } from "@elizaos/core";

/**
 * An action's parameters as the model wrote them: each in its own tag of the XML answer
 * (`<target>...</target>`), which elizaOS 1.x keeps as keys of the response content, or all of
 * them as JSON in a `<params>` tag. The first response that has a value wins.
 */
export function actionParams(responses: Memory[] | undefined, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const response of responses ?? []) {
    const content = response.content as Record<string, unknown>;
    let json: Record<string, unknown> = {};
    if (typeof content.params === "string") {
      try {
        const parsed = JSON.parse(content.params) as unknown;
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
      } catch {
        // not JSON: the per-tag values still count
      }
    }
    for (const name of names) {
      if (out[name] !== undefined) continue;
      const value = content[name] ?? json[name];
      if (typeof value === "string" && value.trim()) out[name] = value.trim();
      else if (typeof value === "number" || typeof value === "boolean") out[name] = String(value);
    }
  }
  return out;
}
