/**
 * The console in a real browser (headless Chromium through playwright-core) against `npm start` itself
 * (tests/support/console-stack.ts): the local endpoint, `serverless offline` with CORS for the console's
 * origins, and the console it builds for that API and serves on its own port. Secrets are made and
 * changed through the typed client.
 *
 * Every test also checks what the page must never do: keep anything in localStorage, sessionStorage,
 * cookies or IndexedDB; hold a value in the DOM that was not revealed; log a value or the token; run
 * into its own Content-Security-Policy; and each test saves a screenshot under test-output/console/.
 * Times (30 s reveal, 30 s clipboard, 15 min idle) are moved with the browser's fake clock
 * (`page.clock`), so the console has no shorter setting to switch on.
 *
 * `CONSOLE_DOCS_SCREENSHOT=1` also writes docs/console.png (the README's picture) from this run.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page, Response } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { rotationBadge } from "../../../console/src/rotation-badge";
import {
  type BrowserGlobals,
  launchChromium,
  pageStorage,
  pageText,
  screenshot,
  seriousAxeViolations,
  unreachableByTab,
} from "../../support/browser";
import { type ConsoleStack, startConsoleStack } from "../../support/console-stack";
import { localLambdaArn } from "../../support/http-stack";
import { REPO } from "../../support/paths";

let stack: ConsoleStack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** One browser tab on the console, and what it showed that a test must look at afterwards. */
interface ConsoleTab {
  page: Page;
  context: BrowserContext;
  /** The page's own answer (its headers). */
  response: Response | null;
  /** Console errors other than failed requests (CSP refusals, uncaught exceptions). */
  errors: string[];
  /** Every line the page logged. */
  logged: string[];
}

const tabs: ConsoleTab[] = [];
/** Values the tests put in secrets: none may be in the DOM before a reveal, or in any log. */
const values = new Set<string>();

function secretValue(text: string): string {
  values.add(text);
  stack.rememberSecret(text);
  return text;
}

async function openConsole(options: { fakeClock?: boolean; url?: string } = {}): Promise<ConsoleTab> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.consoleOrigins[0] });
  const page = await context.newPage();
  const tab: ConsoleTab = { page, context, response: null, errors: [], logged: [] };
  page.on("console", (message) => {
    tab.logged.push(message.text());
    // A 4xx the test provokes is logged by Chromium as a failed resource: an answer, not a fault.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      tab.errors.push(message.text());
  });
  page.on("pageerror", (error) => tab.errors.push(error.message));
  if (options.fakeClock) await page.clock.install();
  tab.response = await page.goto(options.url ?? stack.consoleUrl);
  tabs.push(tab);
  return tab;
}

async function signIn(page: Page, token = stack.token): Promise<void> {
  await page.getByLabel("API token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** Opens one secret's page (signing in first when the tab is not signed in). */
async function openSecret(page: Page, name: string): Promise<void> {
  await page.goto(`${stack.consoleUrl}#/secret/${encodeURIComponent(name)}`);
  if (await page.getByLabel("API token").isVisible()) await signIn(page);
  await page.getByRole("heading", { level: 1, name, exact: true }).waitFor();
  await page.getByRole("heading", { name: "Versions" }).waitFor();
}

async function createSecret(name: string, value: Record<string, string>, tags?: Record<string, string>) {
  for (const leaf of Object.values(value)) secretValue(leaf);
  const { response, error } = await stack.api.POST("/secrets", { body: { name, value, tags } });
  expect(response.status, JSON.stringify(error)).toBe(201);
}

/** The value the API holds now for one key (through the typed client). */
async function keyValue(name: string, key: string): Promise<unknown> {
  const { data } = await stack.api.GET("/secrets/{id}/value", {
    params: { path: { id: name }, query: { key } },
  });
  return data?.value;
}

/** Opens one action's form (its `<details>`). */
async function openAction(page: Page, summary: string): Promise<void> {
  await page
    .locator("details.action > summary")
    .filter({ hasText: new RegExp(`^${summary}$`) })
    .click();
}

function answer(page: Page) {
  return page.getByTestId("answer");
}

function expectNoValueIn(text: string, except: string[] = []): void {
  const found = [...values].filter((value) => !except.includes(value) && text.includes(value));
  expect(found, "secret values in the page").toEqual([]);
}

afterEach(async (context) => {
  const name = context.task.name;
  for (const tab of tabs.splice(0)) {
    await screenshot(tab.page, "console", name);
    expect(tab.errors, "page errors (CSP refusals, exceptions)").toEqual([]);
    expect(await pageStorage(tab.page)).toEqual({
      localStorage: 0,
      sessionStorage: 0,
      documentCookie: "",
      cookies: 0,
      indexedDb: 0,
    });
    const logged = tab.logged.join("\n");
    expect(logged.includes(stack.token), "the token in the page's log").toBe(false);
    expectNoValueIn(logged);
    expect(tab.page.url().includes(stack.token), "the token in the URL").toBe(false);
    await tab.context.close();
  }
});

describe("the console", () => {
  it("is served with its Content-Security-Policy (frame-ancestors as a header) and the same policy in the page", async () => {
    const tab = await openConsole();
    const { page, response } = tab;
    const header = response?.headers()["content-security-policy"] ?? "";
    expect(header).toContain(`connect-src ${new URL(stack.apiUrl).origin}`);
    expect(header).toContain("frame-ancestors 'none'");
    expect(header).toContain("script-src 'self'");
    expect(header).not.toContain("unsafe-inline");
    expect(response?.headers()["x-frame-options"]).toBe("DENY");
    expect(response?.headers()["x-content-type-options"]).toBe("nosniff");
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    expect(`${meta}; frame-ancestors 'none'`).toBe(header);
    // The policy holds: a script the page did not ship is refused (by the CSP, or by Trusted Types first).
    await page.addScriptTag({ content: "globalThis.injected = true" }).catch(() => undefined);
    expect(await page.evaluate(() => (globalThis as { injected?: boolean }).injected)).toBeUndefined();
    await expect.poll(() => tab.errors.join("\n")).toMatch(/TrustedScript/);
    // ...and a request anywhere but the API is refused by connect-src.
    const elsewhere = await page.evaluate(() =>
      fetch("http://127.0.0.1:9/").then(
        () => "sent",
        () => "refused",
      ),
    );
    expect(elsewhere).toBe("refused");
    await expect
      .poll(() => tab.errors.join("\n"))
      .toMatch(/violates the following Content Security Policy directive: "connect-src/);
    tab.errors.length = 0;
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("signs in with a token kept in memory only, and refuses a wrong one", async () => {
    const { page } = await openConsole();
    await page.getByLabel("API token").fill("not-the-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("401");
    // By keyboard alone: the field, the token, Enter.
    await page.getByLabel("API token").fill("");
    await page.getByLabel("API token").focus();
    await page.keyboard.type(stack.token);
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    expect(await page.locator(".who").textContent()).toContain("admin");
    expect(await pageText(page)).not.toContain(stack.token);
    // Reload: the token was in memory only, so the console asks again.
    await page.reload();
    await page.getByLabel("API token").waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it("works from http://localhost too: npm start's CORS allows both of the console's origins", async () => {
    await createSecret("app/console/localhost/db", { password: "localhost-password" });
    const { page } = await openConsole({ url: `${stack.consoleOrigins[1]}/` });
    expect(new URL(page.url()).hostname).toBe("localhost");
    await signIn(page);
    await page.getByLabel("Name prefix").fill("app/console/localhost/");
    await page.getByRole("button", { name: "Apply filters" }).click();
    const rows = page.locator("tbody tr[data-secret]");
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute("data-secret")).toBe("app/console/localhost/db");
  });

  it("lists a secret created through the API, filters by name prefix and tag, and pages", async () => {
    for (let index = 1; index <= 12; index += 1)
      await createSecret(
        `app/console/list/item-${String(index).padStart(2, "0")}`,
        { password: `list-password-${index}` },
        { team: index % 2 ? "odd" : "even" },
      );
    const { page } = await openConsole();
    await signIn(page);
    await page.getByLabel("Name prefix").fill("app/console/list/");
    await page.getByLabel("Per page").selectOption("10");
    await page.getByRole("button", { name: "Apply filters" }).click();
    const rows = page.locator("tbody tr[data-secret]");
    await expect.poll(() => rows.count()).toBe(10);
    expect(await rows.first().getAttribute("data-secret")).toBe("app/console/list/item-01");
    await page.getByRole("button", { name: "Next page" }).click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.last().getAttribute("data-secret")).toBe("app/console/list/item-12");
    await page.getByRole("button", { name: "Previous page" }).click();
    await expect.poll(() => rows.count()).toBe(10);

    await page.getByLabel("Tag key").fill("team");
    await page.getByLabel("Tag value").fill("even");
    await page.getByLabel("Per page").selectOption("25");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => rows.count()).toBe(6);
    expectNoValueIn(await pageText(page));
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "app/console/list/item-04" }).click();
    await page.getByRole("heading", { level: 1, name: "app/console/list/item-04" }).waitFor();
  });

  it("reveals a key only on click, one at a time, hides it after 30 s, and clears a copied key after 30 s", async () => {
    const name = "app/console/reveal";
    await createSecret(name, { username: "reveal-user-1", password: "reveal-password-1" });
    const { page } = await openConsole({ fakeClock: true });
    await openSecret(page, name);
    expectNoValueIn(await pageText(page));
    const asked: string[] = [];
    page.on("request", (request) => asked.push(request.url()));

    await page.getByRole("button", { name: "Reveal password" }).click();
    const revealed = page.getByTestId("revealed-value");
    await revealed.waitFor();
    expect(await revealed.textContent()).toBe("reveal-password-1");
    expect(asked.filter((url) => url.includes("/value?"))).toEqual([expect.stringContaining("key=password")]);
    expectNoValueIn(await pageText(page), ["reveal-password-1"]);

    await page.getByRole("button", { name: "Reveal username" }).click();
    await expect.poll(() => revealed.textContent()).toBe("reveal-user-1");
    expect(await page.getByTestId("revealed-value").count()).toBe(1);
    await page.clock.fastForward(29_000);
    expect(await revealed.count()).toBe(1);
    await page.clock.fastForward(2_000);
    await expect.poll(() => revealed.count()).toBe(0);
    expectNoValueIn(await pageText(page));

    await page.bringToFront();
    await page.getByRole("button", { name: "Copy password" }).click();
    await page.getByText("Copied password").waitFor();
    const clipboard = () =>
      page.evaluate(() => (globalThis as unknown as BrowserGlobals).navigator.clipboard.readText());
    expect(await clipboard()).toBe("reveal-password-1");
    expectNoValueIn(await pageText(page));
    await page.clock.fastForward(31_000);
    await expect.poll(clipboard).toBe("");
  });

  it("edits a key with If-Match on the version loaded", async () => {
    const name = "app/console/edit";
    await createSecret(name, { username: "edit-user-1", password: "edit-password-1" });
    const before = await stack.api.GET("/secrets/{id}/value", { params: { path: { id: name } } });
    const { page } = await openConsole();
    await openSecret(page, name);
    await openAction(page, "Edit keys");
    await page.getByLabel("Key", { exact: true }).fill("password");
    await page.getByLabel("New value", { exact: true }).fill(secretValue("edit-password-2"));
    const patch = page.waitForRequest((request) => request.method() === "PATCH");
    await page.getByRole("button", { name: "Save key" }).click();
    expect((await patch).headers()["if-match"]).toBe(before.data?.versionId);
    await expect.poll(() => answer(page).textContent()).toContain("HTTP 200");
    expect(await keyValue(name, "password")).toBe("edit-password-2");
    expect(await keyValue(name, "username")).toBe("edit-user-1");
    expect(await page.getByLabel("New value", { exact: true }).inputValue()).toBe("");
    // The page read the new version: revealing shows the new value.
    await page.getByRole("button", { name: "Reveal password" }).click();
    await expect.poll(() => page.getByTestId("revealed-value").textContent()).toBe("edit-password-2");
  });

  it("answers an edit that lost to a concurrent change with 412, and the reload shows the other value", async () => {
    const name = "app/console/conflict";
    await createSecret(name, { password: "conflict-password-1" });
    const { page } = await openConsole();
    await openSecret(page, name);
    const other = await stack.api.PATCH("/secrets/{id}/value", {
      params: { path: { id: name } },
      body: { set: { password: secretValue("conflict-password-other") } },
    });
    expect(other.response.status).toBe(200);

    await openAction(page, "Edit keys");
    await page.getByLabel("Key", { exact: true }).fill("password");
    await page.getByLabel("New value", { exact: true }).fill(secretValue("conflict-password-console"));
    await page.getByRole("button", { name: "Save key" }).click();
    await expect.poll(() => answer(page).textContent()).toContain("HTTP 412");
    expect(await page.getByTestId("answer-code").textContent()).toBe("VersionConflict");
    expect(await answer(page).textContent()).toContain("Someone changed this secret since you loaded it");
    expect(await keyValue(name, "password")).toBe("conflict-password-other");

    await page.getByRole("button", { name: "Reload the secret" }).click();
    await expect.poll(() => answer(page).count()).toBe(0);
    await page.getByRole("button", { name: "Reveal password" }).click();
    await expect.poll(() => page.getByTestId("revealed-value").textContent()).toBe("conflict-password-other");
  });

  it("replaces the whole value only after the warning is acknowledged", async () => {
    const name = "app/console/replace";
    await createSecret(name, { username: "replace-user-1", password: "replace-password-1" });
    const { page } = await openConsole();
    await openSecret(page, name);
    await openAction(page, "Replace the whole value");
    expect(await page.locator("#replace-warning").textContent()).toContain(
      "Every key not given here is removed",
    );
    await page.getByLabel("Key 1").fill("api_secret");
    await page.getByLabel("Value 1").fill(secretValue("replace-api-secret"));
    await page.getByRole("button", { name: "Add a key" }).click();
    await page.getByLabel("Key 2").fill("api_access");
    await page.getByLabel("Value 2").fill(secretValue("replace-api-access"));
    const puts: string[] = [];
    page.on("request", (request) => request.method() === "PUT" && puts.push(request.url()));
    await page.getByRole("button", { name: "Replace value" }).click();
    // The acknowledgement is required: nothing was sent.
    expect(await page.getByLabel("I understand that every other key is removed").isChecked()).toBe(false);
    expect(puts).toEqual([]);

    await page.getByLabel("I understand that every other key is removed").check();
    await page.getByRole("button", { name: "Replace value" }).click();
    await expect.poll(() => answer(page).textContent()).toContain("HTTP 200");
    const { data } = await stack.api.GET("/secrets/{id}/value", { params: { path: { id: name } } });
    expect(data?.value).toEqual({ api_secret: "replace-api-secret", api_access: "replace-api-access" });
    await expect
      .poll(() =>
        page
          .locator("table.keys tbody tr")
          .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-key"))),
      )
      .toEqual(["api_access", "api_secret"]);
    expectNoValueIn(await pageText(page));
  });

  it("deletes with a 10-day window, shows the date and the badge, and restores", async () => {
    const name = "app/console/delete";
    await createSecret(name, { password: "delete-password-1" });
    const { page } = await openConsole();
    await openSecret(page, name);
    await openAction(page, "Delete");
    await page.getByLabel("Recovery window in days (7-30)").fill("10");
    await page.getByRole("button", { name: "Schedule deletion" }).click();
    await expect.poll(() => answer(page).textContent()).toContain("HTTP 200");
    const answered = JSON.parse((await answer(page).locator("pre").textContent()) ?? "{}") as {
      deletionDate: string;
    };
    const days = (Date.parse(answered.deletionDate) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(9.9);
    expect(days).toBeLessThan(10.1);
    const banner = page.getByTestId("deletion-banner");
    await banner.waitFor();
    expect(await banner.textContent()).toContain(new Date().toISOString().slice(0, 10));
    expect(await page.getByRole("button", { name: "Reveal password" }).count()).toBe(0);

    // In the list only with "include scheduled for deletion"; its badge is what the API's rotationState says.
    await page.getByRole("link", { name: "All secrets" }).click();
    await page.getByLabel("Name prefix").fill(name);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText("No secrets match.").waitFor();
    await page.getByLabel("Include scheduled for deletion").check();
    await page.getByRole("button", { name: "Apply filters" }).click();
    const row = page.locator(`tr[data-secret="${name}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain("scheduled for deletion");
    const listed = await stack.api.GET("/secrets", {
      params: { query: { namePrefix: name, includePlannedDeletion: true } },
    });
    // The badge shows the state the API judged: deleting, with the date it was scheduled.
    const state = listed.data?.secrets?.[0]?.rotationState;
    expect(state?.state).toBe("deleting");
    expect(state?.deletedDate?.slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
    const badge = row.getByTestId("rotation-badge");
    expect(await badge.textContent()).toContain(rotationBadge(state)?.label ?? "(none)");
    expect(await badge.locator("time").getAttribute("datetime")).toBe(state?.deletedDate);

    await row.getByRole("link", { name }).click();
    await page.getByRole("button", { name: "Restore" }).click();
    await expect.poll(() => answer(page).textContent()).toContain("Restore: HTTP 200");
    await expect.poll(() => banner.count()).toBe(0);
    const described = await stack.api.GET("/secrets/{id}", { params: { path: { id: name } } });
    expect(described.data?.deletedDate).toBeUndefined();
    await page.getByRole("button", { name: "Reveal password" }).waitFor();
  });

  it("rotates an app/ secret with rotationGeneric: the timeline gains a version and AWSCURRENT moves to it", async () => {
    const name = "app/console/rotate";
    await createSecret(
      name,
      { username: "rotate-user", password: "rotate-password-1" },
      { team: "payments" },
    );
    const { page } = await openConsole();
    await openSecret(page, name);
    const first = await page.locator("ol.timeline > li").getAttribute("data-version");
    await openAction(page, "Rotation");
    await page
      .getByLabel("Rotation function")
      .selectOption({ label: "secrets-manager-lambdas-dev-rotationGeneric" });
    await page.getByLabel("Every how many days (1-1000)").fill("30");
    await page.getByRole("button", { name: "Rotate now" }).click();
    await expect.poll(() => answer(page).textContent()).toContain("HTTP 202");
    const { versionId } = JSON.parse((await answer(page).locator("pre").textContent()) ?? "{}") as {
      versionId: string;
    };
    const current = page.locator(`ol.timeline > li[data-version="${versionId}"] [data-stage="AWSCURRENT"]`);
    await current.waitFor({ timeout: 60_000 });
    expect(
      await page.locator(`ol.timeline > li[data-version="${first}"] [data-stage]`).allTextContents(),
    ).toEqual(["AWSPREVIOUS"]);
    expect(await page.locator("ol.timeline > li").count()).toBe(2);
    expect(await page.getByTestId("rotation-enabled").textContent()).toBe("yes");
    expect(await page.getByTestId("rotation-schedule").textContent()).toBe("every 30 days");
    const { data } = await stack.api.GET("/secrets/{id}", { params: { path: { id: name } } });
    expect(data?.rotationLambdaArn).toBe(localLambdaArn("rotationGeneric"));
    expectNoValueIn(await pageText(page));
    if (process.env.CONSOLE_DOCS_SCREENSHOT === "1") {
      await openAction(page, "Rotation"); // closes the form again: the picture shows the page, not the form
      copyFileSync(await screenshot(page, "console", "docs"), join(REPO, "docs", "console.png"));
    }
  });

  it("labels every control and reaches each one by keyboard (a secret's page, every action open)", async () => {
    const name = "app/console/keyboard";
    await createSecret(name, { username: "keyboard-user", password: "keyboard-password" }, { team: "a11y" });
    const { page } = await openConsole();
    await openSecret(page, name);
    for (const summary of await page.locator("details.action > summary").all()) await summary.click();
    await page.getByLabel("Now, without recovery").check();
    expect(await seriousAxeViolations(page)).toEqual([]);

    const unreachable = await unreachableByTab(page);
    expect(unreachable).toEqual([]);
  });

  it("offers only the actions the signed-in client's scopes allow (GET /me)", async () => {
    await createSecret("app/console/scoped/db", { password: "scoped-password" });
    await createSecret("app/console/unscoped", { password: "unscoped-password" });
    const readerToken = await stack.addClient("ci-reader", [
      "read:app/console/scoped/",
      "rotate:app/console/scoped/",
    ]);
    const tab = await openConsole();
    const { page } = tab;
    await signIn(page, readerToken);
    expect(await page.locator(".who").textContent()).toContain("ci-reader");
    await openSecret(page, "app/console/scoped/db");
    expect(await page.getByRole("button", { name: "Reveal password" }).count()).toBe(1);
    const offered = await page.locator("details.action > summary").allTextContents();
    expect(offered).toEqual(["Rotation"]);
    // Outside its scopes the API refuses the read itself, and the page shows that answer.
    await page.goto(`${stack.consoleUrl}#/secret/${encodeURIComponent("app/console/unscoped")}`);
    await page.getByTestId("answer-code").filter({ hasText: "ScopeDenied" }).waitFor();
    expect(await page.getByTestId("answer").textContent()).toContain("HTTP 403");
    expect(await page.getByRole("button", { name: "Reveal password" }).count()).toBe(0);
    expect(await page.locator("details.action > summary").count()).toBe(0);
  });

  it("signs out on the button and after 15 minutes without use, and then sends the token nowhere", async () => {
    const { page } = await openConsole({ fakeClock: true });
    await signIn(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("Signed out.").waitFor();
    await signIn(page);
    await page.clock.fastForward(14 * 60_000);
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(1);
    const sent: string[] = [];
    page.on("request", (request) => {
      const authorization = request.headers().authorization;
      if (authorization) sent.push(authorization);
    });
    await page.clock.fastForward(60_000 + 10_000);
    await page.getByText("Signed out after 15 minutes without use.").waitFor();
    await page.goto(`${stack.consoleUrl}#/secret/${encodeURIComponent("app/console/list/item-01")}`);
    await page.getByLabel("API token").waitFor();
    expect(sent).toEqual([]);
  });

  it("shows a badge for each rotationState the list answers, and none without one", async () => {
    const { page } = await openConsole();
    const entries = [
      { name: "app/badge/ok", rotationState: { state: "ok" } },
      { name: "app/badge/rotating", rotationState: { state: "rotating" } },
      { name: "app/badge/overdue", rotationState: { state: "overdue" } },
      { name: "app/badge/stuck", rotationState: { state: "stuck" } },
      {
        name: "app/badge/deleting",
        rotationState: { state: "deleting", deletedDate: "2030-01-11T10:00:00.000Z" },
      },
      { name: "app/badge/never", rotationState: { state: "never rotated" } },
      { name: "app/badge/none" },
    ];
    await page.route(new RegExp(`^${stack.apiUrl}/secrets\\?`), (route) =>
      route.fulfill({
        status: 200,
        contentType: "application/json",
        headers: { "access-control-allow-origin": new URL(stack.consoleUrl).origin },
        body: JSON.stringify({ secrets: entries }),
      }),
    );
    await signIn(page);
    await page.locator('tr[data-secret="app/badge/none"]').waitFor();
    const badges = await page
      .locator("tbody tr")
      .evaluateAll((rows) =>
        rows.map((row) => [
          row.getAttribute("data-secret"),
          row.querySelector("[data-testid=rotation-badge]")?.textContent ?? null,
        ]),
      );
    expect(badges).toEqual([
      ["app/badge/ok", "ok"],
      ["app/badge/rotating", "rotating"],
      ["app/badge/overdue", "overdue"],
      ["app/badge/stuck", "stuck"],
      ["app/badge/deleting", "deleting 2030-01-11 10:00 UTC"],
      ["app/badge/never", "never rotated"],
      ["app/badge/none", null],
    ]);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
