import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listSourceFiles } from "./support/import-graph";

const ROOT = join(import.meta.dir, "..");

/** The tab labels the dashboard has: each feature's `label` (src-renderer/features/<name>/feature.ts). */
function tabLabels(): Set<string> {
  const labels = new Set<string>();
  for (const file of listSourceFiles(ROOT, ["src-renderer/features"])) {
    if (!file.endsWith("/feature.ts")) continue;
    for (const m of readFileSync(file, "utf8").matchAll(/label: "([^"]+)"/g)) labels.add(m[1]!);
  }
  return labels;
}

/** "Settings > Connectors": a tab and a section of it (a card's title in that tab's feature folder). */
function tabSections(): Set<string> {
  const places = new Set<string>();
  for (const file of listSourceFiles(ROOT, ["src-renderer/features"])) {
    if (file.includes(".test.")) continue;
    const folder = file.split("/features/")[1]?.split("/")[0];
    const feature = listSourceFiles(ROOT, [`src-renderer/features/${folder}`]).find((f) => f.endsWith("/feature.ts"));
    const tab = feature && /label: "([^"]+)"/.exec(readFileSync(feature, "utf8"))?.[1];
    if (!tab) continue;
    for (const m of readFileSync(file, "utf8").matchAll(/title="([^"]+)"/g)) places.add(`${tab} > ${m[1]}`);
  }
  return places;
}

/** "the Models tab", "Settings > Models": places a message sends the user to. */
function placesNamed(text: string): string[] {
  const places: string[] = [];
  for (const m of text.matchAll(/the ([A-Z][a-z]+) tab/g)) places.push(m[1]!);
  for (const m of text.matchAll(/\b([A-Z][a-z]+) > [A-Z][a-z]+/g)) places.push(`${m[0]}`);
  return places;
}

describe("messages send users to places the dashboard has", () => {
  test("every 'the X tab' in the code names a real tab, and no message points into a sub-page that does not exist", () => {
    const labels = tabLabels();
    expect(labels.has("Models")).toBe(true);
    const sections = tabSections();
    expect(sections.has("Settings > Connectors")).toBe(true);
    const problems: string[] = [];
    for (const file of listSourceFiles(ROOT, ["src-main", "src-agent", "src-renderer", "src-shared"])) {
      if (file.includes(".test.")) continue;
      for (const place of placesNamed(readFileSync(file, "utf8"))) {
        const ok = labels.has(place) || sections.has(place);
        if (!ok) problems.push(`${file.slice(ROOT.length + 1)}: "${place}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("the check catches a stale place", () => {
    expect(placesNamed("Check the model in Settings > Models.")).toEqual(["Settings > Models"]);
    expect(tabSections().has("Settings > Models")).toBe(false); // Settings has no Models section
    expect(placesNamed("Pick one in the Models tab or the Ghost tab.")).toEqual(["Models", "Ghost"]);
  });
});
