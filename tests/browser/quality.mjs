// Quality checks in a real browser, driven by tests/it/quality.rs.
//
// Usage: node quality.mjs CONFIG.json  (prints a JSON report on stdout)
//
// CONFIG: {
//   "chromium": "/usr/bin/chromium",
//   "pages": [{ "name": "home", "url": "file:///.../index.html" }, ...],
//   "screenshots": "/abs/dir" | null, "screenshot_pages": ["home", ...],
//   "keyboard": { "page": "file:///...guide page", "services": "file:///...services index" | null }
// }
// The report lists, per page and colour scheme: axe violations (all impacts; the Rust
// side decides what fails), console errors, failed requests and requests that leave
// the site; then the keyboard checks.

import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const config = JSON.parse(readFileSync(process.argv[2], "utf8"));

const browser = await chromium.launch({
  executablePath: config.chromium,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});

const report = { pages: [], keyboard: [] };

/** Watches `page` for what goes wrong while a page loads; `reset` starts a new record. */
function watch(page) {
  let problems, origin;
  const reset = (url) => {
    problems = { console_errors: [], failed_requests: [], external_requests: [] };
    origin = url.startsWith("http") ? new URL(url).origin : "file://";
    return problems;
  };
  page.on("console", (m) => { if (m.type() === "error") problems.console_errors.push(m.text()); });
  page.on("pageerror", (e) => problems.console_errors.push(String(e)));
  // Leaving a page cancels what it still loads (net::ERR_ABORTED): that is the walk's
  // doing, not the site's. A missing file is net::ERR_FILE_NOT_FOUND or an HTTP error.
  page.on("requestfailed", (r) => {
    const why = r.failure()?.errorText;
    if (why !== "net::ERR_ABORTED") problems.failed_requests.push(`${r.url()} (${why})`);
  });
  page.on("response", (r) => { if (r.status() >= 400) problems.failed_requests.push(`${r.url()} (HTTP ${r.status()})`); });
  page.on("request", (r) => {
    const u = r.url();
    if (!(u.startsWith(origin) || u.startsWith("data:") || u.startsWith("about:"))) problems.external_requests.push(u);
  });
  return reset;
}

async function axe(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"], preload: false });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
  });
}

/** Every page in sequence in one tab with the colour scheme `scheme`. */
async function walk(scheme) {
  const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const reset = watch(page);
  const rows = [];
  for (const p of config.pages) {
    const problems = reset(p.url), opened = Date.now();
    await page.goto(p.url, { waitUntil: "load" });
    // Snapshot before axe runs: only the page's own problems count.
    const own = JSON.parse(JSON.stringify(problems));
    const violations = await axe(page);
    rows.push({ name: p.name, url: p.url, scheme, violations, ...own, ms: Date.now() - opened });
  }
  await context.close();
  return rows;
}

// Light and dark side by side, each in its own context (nothing shared but the
// browser), so that two cores share the work; the report keeps light first.
const started = Date.now();
for (const rows of await Promise.all(["light", "dark"].map(walk))) report.pages.push(...rows);
report.pages_ms = Date.now() - started;

if (config.screenshots) {
  mkdirSync(config.screenshots, { recursive: true });
  const sizes = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
  for (const [label, viewport] of Object.entries(sizes)) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    for (const p of config.pages.filter((p) => config.screenshot_pages.includes(p.name))) {
      const page = await context.newPage();
      await page.goto(p.url, { waitUntil: "load" });
      await page.screenshot({ path: `${config.screenshots}/${p.name}-${label}.png` });
      await page.close();
    }
    await context.close();
  }
}

/** Records one keyboard check. */
function check(name, ok, detail = "") {
  report.keyboard.push({ check: name, ok: Boolean(ok), detail: String(detail) });
}

if (config.keyboard?.page) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(config.keyboard.page, { waitUntil: "load" });
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => document.activeElement?.className);
  check("first Tab reaches the skip link", first === "skip-link", first);
  await page.keyboard.press("Enter");
  const afterSkip = await page.evaluate(() => document.activeElement?.id || location.hash);
  check("the skip link moves focus to the main content", afterSkip === "main" || afterSkip === "#main", afterSkip);
  const search = await page.$("input[type=search]");
  if (search) {
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press("/");
    const focused = await page.evaluate(() => document.activeElement?.type);
    check("'/' focuses the search box", focused === "search", focused);
  }
  await context.close();

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const p2 = await phone.newPage();
  await p2.goto(config.keyboard.page, { waitUntil: "load" });
  const sidebarHidden = await p2.evaluate(() => getComputedStyle(document.getElementById("sidebar")).display === "none");
  check("the sidebar is collapsed on a phone", sidebarHidden);
  let reached = false;
  for (let i = 0; i < 8 && !reached; i++) {
    await p2.keyboard.press("Tab");
    reached = await p2.evaluate(() => document.activeElement?.classList.contains("menu-toggle"));
  }
  check("Tab reaches the menu button on a phone", reached);
  await p2.keyboard.press("Enter");
  const expanded = await p2.evaluate(() => ({
    aria: document.querySelector(".menu-toggle")?.getAttribute("aria-expanded"),
    shown: getComputedStyle(document.getElementById("sidebar")).display !== "none",
  }));
  check("Enter on the menu button opens the navigation", expanded.aria === "true" && expanded.shown, JSON.stringify(expanded));
  await phone.close();
}

if (config.keyboard?.services) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(config.keyboard.services, { waitUntil: "load" });
  const visibleRows = () => page.evaluate(() =>
    [...document.querySelectorAll("table tbody tr")].filter((r) => r.offsetParent !== null).length);
  const before = await visibleRows();
  // Tab until a filter control (select or input) has focus.
  let control = null;
  for (let i = 0; i < 60 && !control; i++) {
    await page.keyboard.press("Tab");
    control = await page.evaluate(() => {
      const a = document.activeElement;
      return a && a.closest("main") && (a.tagName === "SELECT" || (a.tagName === "INPUT" && a.type !== "search")) ? a.tagName : null;
    });
  }
  check("Tab reaches a catalog filter", control, control);
  if (control === "SELECT") {
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
  } else if (control) {
    await page.keyboard.type("zzz-no-such-service");
  }
  const after = await visibleRows();
  check("a filter changed with the keyboard changes the visible services", before > 0 && after !== before, `${before} -> ${after}`);
  await context.close();
}

// Navigation: from each start page, follow every sidebar link by clicking it and
// record where the browser landed and whether the page there has a heading.
report.navigation = [];
for (const start of config.navigate || []) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const failed = [];
  // The walk leaves each page as soon as it has loaded, so a request the browser
  // makes after load (the favicon) may be cancelled by the next navigation: that
  // is the walk's doing, not the site's. Every other failure counts.
  page.on("requestfailed", (r) => {
    const why = r.failure()?.errorText;
    if (why !== "net::ERR_ABORTED") failed.push(`${r.url()} (${why})`);
  });
  page.on("response", (r) => { if (r.status() >= 400) failed.push(`${r.url()} (HTTP ${r.status()})`); });
  await page.goto(start, { waitUntil: "load" });
  const count = await page.locator("#sidebar a").count();
  for (let i = 0; i < count; i++) {
    await page.goto(start, { waitUntil: "load" });
    const link = page.locator("#sidebar a").nth(i);
    const text = (await link.textContent()).trim();
    await Promise.all([page.waitForEvent("load"), link.click()]);
    const h1 = await page.evaluate(() => document.querySelector("main h1")?.textContent?.trim() || null);
    const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).position === "sticky");
    report.navigation.push({ start, link: text, landed: page.url(), h1, styled, failed: [...failed] });
    failed.length = 0;
  }
  await context.close();
}

// Live reload: open a page through `ownbook serve`, change its source file, and wait
// (with a deadline) for the open page to show each step's expected text.
report.reload = [];
if (config.reload) {
  const { url, file, steps } = config.reload;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(300); // let the page open its event stream
  for (const step of steps) {
    writeFileSync(file, step.text);
    const ok = await page
      .waitForFunction(([sel, text]) => document.querySelector(sel)?.textContent?.includes(text), [step.selector, step.contains], { timeout: 20000 })
      .then(() => true, () => false);
    report.reload.push({ step: step.name, ok });
  }
  await context.close();
}

await browser.close();
process.stdout.write(JSON.stringify(report, null, 1));
