import "../../testing/happy-dom";
import { describe, expect, test } from "bun:test";
import { useLogsStore } from "../../stores";
import { domForThisFile } from "../../testing/happy-dom";
import { LogsView } from "./logs-view";

const { fireEvent, render } = await import("@testing-library/react");

domForThisFile();

describe("LogsView (filter UI, no stream)", () => {
  test("level select and search box filter the lines", async () => {
    useLogsStore.setState({
      lines: [
        { ts: 1, level: "error", source: "agent", msg: "model crashed" },
        { ts: 2, level: "warn", source: "server", msg: "slow" },
        { ts: 3, level: "info", source: "agent", msg: "ready" },
        { ts: 4, level: "debug", source: "ws", msg: "ping" },
      ],
      level: "all",
      search: "",
      paused: false,
    });
    const view = render(<LogsView live={false} />);
    expect(view.getAllByTestId("log-line")).toHaveLength(4);
    fireEvent.change(view.getByLabelText("Level"), { target: { value: "warn" } });
    expect(view.getAllByTestId("log-line")).toHaveLength(2);
    fireEvent.change(view.getByLabelText("Search logs"), { target: { value: "CRASH" } });
    expect(view.getAllByTestId("log-line")).toHaveLength(1);
    fireEvent.change(view.getByLabelText("Search logs"), { target: { value: "nothing-like-this" } });
    expect(view.getByText("No lines match the filter.")).toBeTruthy();
    fireEvent.click(view.getByRole("button", { name: "Pause" }));
    expect(useLogsStore.getState().paused).toBe(true);
  });
});
