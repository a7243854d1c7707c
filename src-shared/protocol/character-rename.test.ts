import { describe, expect, test } from "bun:test";
import { DEFAULT_CHARACTER } from "./character";
import { renameCharacter } from "./character-rename";

describe("renameCharacter", () => {
  test("the persona follows the name: bio, system, style, examples (speaker and text)", () => {
    const ada = renameCharacter(DEFAULT_CHARACTER, "Ada");
    expect(ada.name).toBe("Ada");
    const text = JSON.stringify(ada);
    expect(text).not.toContain("Milady");
    expect(ada.bio[0]).toStartWith("Ada is a personal AI companion");
    expect(ada.system).toContain("You are Ada,");
    expect(ada.messageExamples[0]?.[1]).toEqual({
      name: "Ada",
      text: "I'm Ada, your agent. I run on this machine. What are we working on?",
    });
    expect(ada.messageExamples[0]?.[0]?.name).toBe("{{user}}");
    // The original is not modified.
    expect(DEFAULT_CHARACTER.name).toBe("Milady");
  });

  test("whole words only; names with spaces and symbols; a blank or equal name changes nothing", () => {
    const base = { ...DEFAULT_CHARACTER, name: "Dr. Who", bio: ["Dr. Who travels.", "Dr. Whom is someone else."] };
    expect(renameCharacter(base, "Ada E2E").bio).toEqual(["Ada E2E travels.", "Dr. Whom is someone else."]);
    const lower = { ...DEFAULT_CHARACTER, bio: ["Milady and the Miladyverse; milady in lower case"] };
    expect(renameCharacter(lower, "Ada").bio).toEqual(["Ada and the Miladyverse; milady in lower case"]);
    expect(renameCharacter(DEFAULT_CHARACTER, "  ")).toBe(DEFAULT_CHARACTER);
    expect(renameCharacter(DEFAULT_CHARACTER, "Milady")).toBe(DEFAULT_CHARACTER);
  });
});
