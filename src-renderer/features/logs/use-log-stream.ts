import { useEffect } from "react";
import { logsContract } from "../../../src-shared/contracts";
import { appendLogs, getApi, useLogsStore } from "../../stores";

/** Follows GET /api/logs over SSE; on a drop it reconnects after 2 s (the server sends recent history on connect). */
export function useLogStream(): void {
  useEffect(() => {
    const ctrl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        useLogsStore.setState({ lines: [], connected: true });
        let batch: Parameters<typeof appendLogs>[0] = [];
        let scheduled = false;
        for await (const line of getApi().stream(logsContract.routes.tail, {}, { signal: ctrl.signal })) {
          // Batch bursts into one render per 100 ms: a crash can print hundreds of lines at once.
          batch.push(line);
          if (!scheduled) {
            scheduled = true;
            setTimeout(() => {
              if (ctrl.signal.aborted) return;
              appendLogs(batch);
              batch = [];
              scheduled = false;
            }, 100);
          }
        }
      } catch {
        // fall through to reconnect
      }
      // An aborted stream belongs to an unmounted view (React StrictMode mounts twice):
      // it must not mark the live stream of the next mount as "reconnecting".
      if (ctrl.signal.aborted) return;
      useLogsStore.setState({ connected: false });
      timer = setTimeout(run, 2000);
    };
    void run();
    return () => {
      ctrl.abort();
      clearTimeout(timer);
    };
  }, []);
}
