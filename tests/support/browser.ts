/**
 * Headless Chromium (Debian's `/usr/bin/chromium`) through playwright-core, with the flags this machine
 * needs (root: no sandbox) and a fresh profile per launch (Playwright makes and removes it), plus the
 * checks the console's browser tests share: axe-core, what the page holds, and where screenshots go.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * expect(await seriousAxeViolations(page)).toEqual([]);
 * await browser.close();
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { REPO } from "./paths";

/** The Chromium the tests drive; `CHROMIUM` overrides it. */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Where browser tests write screenshots (ignored by git). */
export const TEST_OUTPUT = join(REPO, "test-output");

/** The flags every launch needs as root, and without which background connections fail by the dozen. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches headless Chromium with a fresh profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/** A screenshot of the whole page under `test-output/<folder>/<name>.png`; answers its path. */
export async function screenshot(page: Page, folder: string, name: string): Promise<string> {
  const dir = join(TEST_OUTPUT, folder);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name.replace(/[^\w.-]+/g, "-")}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * The few browser globals the page-side functions below use. This Node program has no DOM types (and
 * must not: they would change `fetch`'s types everywhere); a function run by `page.evaluate` reads them
 * from `globalThis` through this view.
 */
export interface BrowserGlobals {
  document: {
    documentElement: PageElement;
    cookie: string;
    activeElement: PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
  };
  localStorage: { length: number };
  sessionStorage: { length: number };
  indexedDB: { databases(): Promise<unknown[]> };
  navigator: { clipboard: { readText(): Promise<string> } };
  axe: { run(context: unknown, options: object): Promise<AxeResults> };
}

/** The part of a DOM element the page-side functions use. */
export interface PageElement {
  outerHTML: string;
  value?: string;
  type?: string;
  checked?: boolean;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}

interface AxeResults {
  violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

let axeSource: string | undefined;

/** One axe-core violation, as much as a failing test needs to show. */
export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations on the page as it is now. axe's source is evaluated through
 * the DevTools protocol, which the page's Content-Security-Policy does not govern (an injected script tag
 * would be refused, as it should be).
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as BrowserGlobals;
    const results = await axe.run(document, { resultTypes: ["violations"] });
    return results.violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? "",
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(" ")),
      }));
  });
}

/** Everything the page holds as text: its HTML (all its text included) and every field's value. */
export function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as BrowserGlobals;
    const fields = Array.from(
      document.querySelectorAll("input, textarea, select"),
      (field) => field.value ?? "",
    );
    return [document.documentElement.outerHTML, ...fields].join("\n");
  });
}

/** What the page keeps beyond its memory: local and session storage, cookies, IndexedDB databases. */
export async function pageStorage(page: Page): Promise<{
  localStorage: number;
  sessionStorage: number;
  documentCookie: string;
  cookies: number;
  indexedDb: number;
}> {
  const inPage = await page.evaluate(async () => {
    const browser = globalThis as unknown as BrowserGlobals;
    return {
      localStorage: browser.localStorage.length,
      sessionStorage: browser.sessionStorage.length,
      documentCookie: browser.document.cookie,
      indexedDb: (await browser.indexedDB.databases()).length,
    };
  });
  return { ...inPage, cookies: (await page.context().cookies()).length };
}

/** What the keyboard walk counts as a control. */
const CONTROLS =
  "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, summary";

/**
 * The page's controls that pressing Tab from the top never focuses (their HTML, shortened); empty when
 * every one is reached. Radio buttons of one group are one tab stop (arrow keys move within it), so an
 * unchecked radio button need not be reached.
 */
export async function unreachableByTab(page: Page): Promise<string[]> {
  const count = await page.evaluate((selector) => {
    const { document } = globalThis as unknown as BrowserGlobals;
    const controls = Array.from(document.querySelectorAll(selector));
    controls.forEach((control, index) => {
      control.setAttribute("data-tab-stop", String(index));
    });
    return controls.length;
  }, CONTROLS);
  const reached = new Set<string>();
  await page.locator("body").focus();
  for (let press = 0; press < count * 2 && reached.size < count; press += 1) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(
      () =>
        (globalThis as unknown as BrowserGlobals).document.activeElement?.getAttribute("data-tab-stop") ??
        null,
    );
    if (stop !== null) reached.add(stop);
  }
  return page.evaluate(
    (seen) => {
      const { document } = globalThis as unknown as BrowserGlobals;
      return Array.from(document.querySelectorAll("[data-tab-stop]"))
        .filter((control) => !seen.includes(control.getAttribute("data-tab-stop") ?? ""))
        .filter((control) => !(control.type === "radio" && !control.checked))
        .map((control) => control.outerHTML.slice(0, 160));
    },
    [...reached],
  );
}
