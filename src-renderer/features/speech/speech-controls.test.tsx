import "../../testing/happy-dom";
import { describe, expect, test } from "bun:test";
import { domForThisFile } from "../../testing/happy-dom";
import { DictateButton, DictationNotice, SpeakToggle } from "./speech-controls";
import type { RecognitionLike } from "./speech-support";
import { useDictation } from "./use-speech";

const { act, fireEvent, render } = await import("@testing-library/react");

domForThisFile();

/** Scripted SpeechRecognition (test double: no microphone or speech engine here). */
class ScriptedRecognition implements RecognitionLike {
  static last: ScriptedRecognition | null = null;
  lang = "";
  interimResults = true;
  continuous = true;
  started = false;
  onresult: RecognitionLike["onresult"] = null;
  onerror: RecognitionLike["onerror"] = null;
  onend: RecognitionLike["onend"] = null;
  constructor() {
    ScriptedRecognition.last = this;
  }
  start() {
    this.started = true;
  }
  stop() {
    this.onend?.();
  }
}

/** The mic button and its notice as the chat composer wires them. */
function Dictation({ onText }: { onText: (t: string) => void }) {
  const dictation = useDictation(onText);
  return (
    <>
      <DictationNotice dictation={dictation} />
      <DictateButton dictation={dictation} />
    </>
  );
}

describe("speech controls", () => {
  test("are hidden where the browser has no speech APIs", () => {
    const view = render(
      <div data-testid="wrap">
        <SpeakToggle />
        <Dictation onText={() => {}} />
      </div>,
    );
    expect(view.getByTestId("wrap").innerHTML).toBe("");
  });

  test("dictation appears with webkitSpeechRecognition and hands the transcript over", () => {
    (globalThis as { webkitSpeechRecognition?: unknown }).webkitSpeechRecognition = ScriptedRecognition;
    try {
      const got: string[] = [];
      const view = render(<Dictation onText={(t) => got.push(t)} />);
      fireEvent.click(view.getByRole("button", { name: "Dictate" }));
      const rec = ScriptedRecognition.last!;
      expect(rec.started).toBe(true);
      act(() => rec.onresult?.({ results: [Object.assign([{ transcript: "hello there" }], { isFinal: true })] }));
      expect(got).toEqual(["hello there"]);
      act(() => rec.onerror?.({ error: "not-allowed" }));
      act(() => rec.onend?.());
      // Shown as text (a phone cannot show the tooltip), tied to the button, dismissable.
      const alert = view.getByRole("alert");
      expect(alert.textContent).toContain("Microphone blocked");
      expect(alert.textContent).toContain("use localhost or HTTPS");
      expect(view.getByRole("button", { name: "Dictate" }).getAttribute("aria-describedby")).toBe(alert.id);
      fireEvent.click(view.getByRole("button", { name: "Dismiss dictation error" }));
      expect(view.queryByRole("alert")).toBeNull();
    } finally {
      delete (globalThis as { webkitSpeechRecognition?: unknown }).webkitSpeechRecognition;
    }
  });
});
