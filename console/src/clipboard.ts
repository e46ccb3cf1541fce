/**
 * Copying a revealed value: written to the clipboard, then overwritten with an empty string after 30 s
 * (and at sign out). Browsers let a page write the clipboard only while it has focus; when the clearing
 * write is refused, the copied value stays until the user copies something else.
 */
import { CLIPBOARD_CLEAR_MS } from "./timings";

let clearTimer: ReturnType<typeof setTimeout> | undefined;

/** Copies `text`; resolves false when the browser refuses. */
export async function copyForAWhile(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    return false;
  }
  clearTimeout(clearTimer);
  clearTimer = setTimeout(() => void clearClipboard(), CLIPBOARD_CLEAR_MS);
  return true;
}

/** Clears what this page copied, if it copied anything. */
export async function clearClipboard(): Promise<void> {
  if (clearTimer === undefined) return;
  clearTimeout(clearTimer);
  clearTimer = undefined;
  await navigator.clipboard.writeText("").catch(() => undefined);
}
