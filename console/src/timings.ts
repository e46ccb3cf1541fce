/**
 * How long things last in the console. Fixed here, not configurable: tests move time with the browser's
 * fake clock (Playwright's `page.clock`), so no shorter setting exists for anyone to switch on.
 */

/** A revealed key is hidden again after this long. */
export const REVEAL_MS = 30_000;

/** A copied key is cleared from the clipboard after this long (where the browser lets the page write). */
export const CLIPBOARD_CLEAR_MS = 30_000;

/** The token is forgotten after this long without a key press, click or touch. */
export const IDLE_SIGN_OUT_MS = 15 * 60_000;

/** How often the idle rule is checked (a hidden tab's timers are slowed; the clock is compared each time). */
export const IDLE_CHECK_MS = 10_000;

/** While a rotation runs, the versions are read again this often... */
export const ROTATION_POLL_MS = 2_000;

/** ...for at most this long. */
export const ROTATION_POLL_LIMIT_MS = 120_000;
