/** The idle rule: 15 minutes without a key press, click, touch or scroll signs the console out. */
import { useEffect } from "preact/hooks";
import { IDLE_CHECK_MS, IDLE_SIGN_OUT_MS } from "./timings";

const USE_EVENTS = ["keydown", "pointerdown", "wheel", "touchstart"] as const;

/**
 * Calls `onIdle` once the page has gone `IDLE_SIGN_OUT_MS` without use, while `active`. The wall clock is
 * compared at each check, so a background tab's slowed timers still sign out on time (at the next check).
 */
export function useIdleSignOut(active: boolean, onIdle: () => void): void {
  useEffect(() => {
    if (!active) return;
    let lastUse = Date.now();
    const used = () => {
      lastUse = Date.now();
    };
    for (const name of USE_EVENTS) window.addEventListener(name, used, { capture: true, passive: true });
    const timer = setInterval(() => {
      if (Date.now() - lastUse >= IDLE_SIGN_OUT_MS) onIdle();
    }, IDLE_CHECK_MS);
    return () => {
      clearInterval(timer);
      for (const name of USE_EVENTS) window.removeEventListener(name, used, { capture: true });
    };
  }, [active, onIdle]);
}
