import "../testing/happy-dom";
import { describe, expect, test } from "bun:test";
import { domForThisFile } from "../testing/happy-dom";
import AvatarView from "./avatar-view";

const { render, waitFor } = await import("@testing-library/react");

domForThisFile();

// happy-dom has no WebGL: this checks the no-WebGL path (the WebGL path runs in test/e2e/avatar-pixels.test.ts).
describe("AvatarView without WebGL", () => {
  test("renders a canvas, reports a readable error and marks the canvas state", async () => {
    const errors: string[] = [];
    const ready: unknown[] = [];
    const quiet = console.error;
    console.error = () => {}; // three logs the failed context creation
    try {
      const view = render(
        <AvatarView
          vrmUrl="/avatars/default.vrm"
          onError={(m) => errors.push(m)}
          onReady={(c) => ready.push(c)}
          className="avatar"
        />,
      );
      const canvas = view.container.querySelector("canvas");
      expect(canvas).not.toBeNull();
      await waitFor(() => expect(errors.length).toBe(1));
      expect(errors[0]).toContain("WebGL2");
      expect(errors[0]).toContain("hardware acceleration");
      expect(canvas?.dataset.avatarState).toBe("error");
      expect(ready.length).toBe(0);
      view.unmount();
    } finally {
      console.error = quiet;
    }
  });
});
