import { toast } from "../../stores";

/** "Could not <what>: <message>" with the server's fix, for the conversation actions. */
export function toastFailure(what: string, e: unknown) {
  const err = e as { message?: string; fix?: string };
  toast("error", `Could not ${what}: ${err.message ?? String(e)}`, err.fix);
}
