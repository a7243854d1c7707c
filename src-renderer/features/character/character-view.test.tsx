import "../../testing/happy-dom";
import { afterAll, describe, expect, test } from "bun:test";
import { characterContract } from "../../../src-shared/contracts";
import { DEFAULT_CHARACTER } from "../../../src-shared/protocol/character";
import { createApiClient } from "../../api/client";
import { setApi, useCharacterStore } from "../../stores";
import { domForThisFile } from "../../testing/happy-dom";
import { startScriptedServer } from "../../testing/scripted-server";
import { toForm, validateForm } from "./character-form-model";
import { CharacterView } from "./character-view";

const { act, cleanup, fireEvent, render, waitFor } = await import("@testing-library/react");

domForThisFile();
const srv = startScriptedServer();
afterAll(() => srv.stop());
setApi(createApiClient({ baseUrl: srv.url, getToken: () => null }));
srv.on(characterContract.routes.get, () => ({ character: DEFAULT_CHARACTER }));
srv.on(characterContract.routes.put, async (req) => ({
  character: await req.json(),
  ignored: [],
  notes: [],
  applied: true,
}));

describe("character validation (model)", () => {
  test("the default character round-trips", () => {
    const r = validateForm(toForm(DEFAULT_CHARACTER));
    expect(r.ok).toBe(true);
  });
  test("a save keeps the fields the form does not show (an imported file's postExamples, templates...)", () => {
    const imported = {
      ...DEFAULT_CHARACTER,
      username: "wren_keeper",
      style: { ...DEFAULT_CHARACTER.style, post: ["logbook style"] },
      postExamples: ["Lamp lit at 17:42."],
      knowledge: [{ path: "docs/tides.md" }],
      plugins: ["@elizaos/plugin-image-generation"],
      settings: { voice: { model: "en_US-neural" } },
      templates: { twitterPostTemplate: "Write a post." },
    };
    const r = validateForm({ ...toForm(imported), name: "Wren" });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.character).toEqual({ ...imported, name: "Wren" });
    // Reset to default starts from the default, hidden fields included.
    const reset = validateForm(toForm(DEFAULT_CHARACTER));
    expect(reset.ok).toBe(true);
    if (reset.ok) expect(reset.character).toEqual(DEFAULT_CHARACTER);
  });

  test("errors land on the field that caused them", () => {
    const f = {
      ...toForm(DEFAULT_CHARACTER),
      name: " ",
      bio: "",
      examples: [[{ name: "{{user}}", text: "only one line" }]],
    };
    const r = validateForm(f);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(["bio", "examples.0", "name"]);
    expect(r.errors.name).toContain("name");
  });
});

describe("CharacterView", () => {
  test("shows field errors and does not save an invalid character; saves a valid one with PUT", async () => {
    useCharacterStore.setState({ character: null });
    const view = render(<CharacterView />);
    const name = (await view.findByLabelText("Name")) as HTMLInputElement;
    expect(name.value).toBe("Milady");
    fireEvent.change(name, { target: { value: "" } });
    fireEvent.change(view.getByLabelText("Bio"), { target: { value: "   " } });
    fireEvent.click(view.getByRole("button", { name: "Save" }));
    await view.findByText("Give the character a name (up to 64 characters).");
    expect(view.getByText(/at least one bio line/)).toBeTruthy();
    expect(srv.requests.some((r) => r.method === "PUT")).toBe(false);

    fireEvent.change(name, { target: { value: "Ada" } });
    fireEvent.change(view.getByLabelText("Bio"), { target: { value: "Loves math.\nWrites code." } });
    fireEvent.click(view.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(srv.requests.some((r) => r.method === "PUT")).toBe(true));
    const put = srv.requests.find((r) => r.method === "PUT")?.body as { name: string; bio: string[] };
    expect(put.name).toBe("Ada");
    expect(put.bio).toEqual(["Loves math.", "Writes code."]);
    expect(view.queryByText("Give the character a name (up to 64 characters).")).toBeNull();
  });

  test("message examples are multi-line text areas: a long, multi-line line is kept whole and saved as typed", async () => {
    cleanup();
    const view = render(<CharacterView />);
    const text = (await view.findByLabelText("Example 1 line 2 text")) as HTMLElement;
    expect(text.tagName).toBe("TEXTAREA");
    const long = `${"A long answer that goes on well past the width of one line. ".repeat(4)}\nAnd a second paragraph.`;
    fireEvent.change(text, { target: { value: long } });
    expect((view.getByLabelText("Example 1 line 2 text") as HTMLTextAreaElement).value).toBe(long);
    expect(view.getByLabelText("Example 1 line 1 speaker").tagName).toBe("INPUT"); // names stay one line
  });

  test("an edit made before the fresh GET answers is kept (the form showed the stored character at once)", async () => {
    cleanup();
    useCharacterStore.setState({ character: DEFAULT_CHARACTER, picture: undefined });
    let answer: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    srv.on(characterContract.routes.get, async () => {
      await answered;
      return { character: DEFAULT_CHARACTER };
    });
    const gets = () => srv.requests.filter((r) => r.method === "GET" && r.path === "/api/character").length;
    const before = gets();
    const view = render(<CharacterView />);
    const name = view.getByLabelText("Name") as HTMLInputElement;
    fireEvent.change(name, { target: { value: "Quick" } });
    await waitFor(() => expect(gets()).toBeGreaterThan(before));
    answer();
    // The GET's answer went into the store (picture: null); the form then re-renders, or not.
    await waitFor(() => expect(useCharacterStore.getState().picture).toBeNull());
    await act(async () => {});
    expect((view.getByLabelText("Name") as HTMLInputElement).value).toBe("Quick");
    srv.on(characterContract.routes.get, () => ({ character: DEFAULT_CHARACTER }));
  });
});
