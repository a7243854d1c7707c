import { useEffect, useState } from "react";

/** True when the media query matches; used where CSS hiding is not enough (e.g. not mounting a second WebGL avatar). */
export function useMedia(query: string, fallback = true): boolean {
  const [match, setMatch] = useState(() => globalThis.matchMedia?.(query).matches ?? fallback);
  useEffect(() => {
    const mq = globalThis.matchMedia?.(query);
    if (!mq) return;
    const on = () => setMatch(mq.matches);
    on();
    mq.addEventListener?.("change", on);
    return () => mq.removeEventListener?.("change", on);
  }, [query]);
  return match;
}
