// End-to-end test of the Gloss extension in a real VS Code (code-server) driven by
// headless Chromium through playwright-core. Run by editors/vscode/e2e/run.sh, which
// installs the tools, packages the .vsix and starts code-server; this file only drives the UI.
//
// env: GLOSS_E2E_URL (code-server URL with ?folder=…), GLOSS_E2E_WORKSPACE (its folder), GLOSS_E2E_ARTIFACTS, PLAYWRIGHT_CORE (module path), CHROMIUM.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require(process.env.PLAYWRIGHT_CORE || 'playwright-core');

/** 1-based line of the SIIS entry's id in the embedded glossary file (where definition lands). */
function siisIdLine() {
  const file = path.join(__dirname, '..', '..', '..', 'glossary', 'default', 'institutions.toml');
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return lines.findIndex((l) => l === 'id = "siis"') + 1;
}

const URL = process.env.GLOSS_E2E_URL;
const WORKSPACE = process.env.GLOSS_E2E_WORKSPACE;
const ARTIFACTS = process.env.GLOSS_E2E_ARTIFACTS;
const DOC = process.env.GLOSS_E2E_DOC || 'siis-symposium.txt';

const results = [];
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${e && e.message ? e.message.split('\n')[0] : e}`);
    throw e;
  }
}

async function problemsText(page) {
  return (await page.locator('.markers-panel').first().innerText().catch(() => '')) || '';
}

// Ctrl+Shift+M toggles: press it only when the Problems panel is not showing.
async function showProblems(page) {
  if (await page.locator('.markers-panel').first().isVisible().catch(() => false)) return;
  await page.keyboard.press('Control+Shift+M');
}

async function gotoLine(page, lineCol) {
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget:visible', { timeout: 10000 });
  await page.keyboard.type(lineCol);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--no-first-run',
      '--disable-sync', '--disable-quic',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(30000);
  let failed = false;
  const shot = async (name) => {
    const file = path.join(ARTIFACTS, name);
    await page.screenshot({ path: file }).catch(() => {});
    return file;
  };
  try {
    await step('workbench loads', async () => {
      await page.goto(URL, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
      await page.waitForSelector('.explorer-viewlet .monaco-list-row', { timeout: 60000 });
    });

    await step('open a corpus text, Gloss draws squiggles', async () => {
      const row = page.locator('.explorer-viewlet .monaco-list-row', { hasText: DOC }).first();
      await row.dblclick();
      await page.waitForSelector(`.tab.active:has-text("${DOC}")`);
      await page.waitForSelector('.monaco-editor .view-lines');
      await page.waitForSelector('.monaco-editor [class*="squiggly-"]', { timeout: 60000 });
    });

    await step('hover on "SIIS" shows the glossary card', async () => {
      // Line 5 starts with "SIIS Successfully Holds …".
      const expect = 'Shanghai Institutes for International Studies';
      let text = '';
      for (let attempt = 0; attempt < 5 && !(text.includes(expect) && text.includes('Source:')); attempt++) {
        await page.locator('.monaco-editor .view-lines').first().click();
        await gotoLine(page, '5:2');
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        try {
          // The diagnostic part of the hover comes first; wait for what only the card says.
          await page.waitForFunction(
            () => [...document.querySelectorAll('.monaco-hover')].some(
              (h) => h.offsetParent !== null && h.innerText.includes('Source:')),
            null, { timeout: 8000 });
        } catch (_) { /* retry */ }
        text = (await page.locator('.monaco-hover:visible').allInnerTexts().catch(() => [])).join('\n');
      }
      await shot('vscode-hover.png');
      // A smaller picture of the editor and the card, for the README.
      await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-hover-card.png'), clip: { x: 340, y: 60, width: 1060, height: 380 } }).catch(() => {});
      if (!text.includes(expect)) throw new Error(`hover does not show "${expect}": ${JSON.stringify(text.slice(0, 300))}`);
      if (!/organization/.test(text)) throw new Error(`hover card has no kind: ${JSON.stringify(text.slice(0, 300))}`);
      await page.keyboard.press('Escape');
    });

    await step('Problems panel lists Gloss diagnostics', async () => {
      await showProblems(page);
      await page.waitForSelector('.markers-panel', { timeout: 15000 });
      await page.waitForFunction(
        () => { const p = document.querySelector('.markers-panel'); return p && /gloss/.test(p.innerText) && /undefined-acronym/.test(p.innerText); },
        null, { timeout: 20000 });
      const text = await problemsText(page);
      for (const want of ['SIIS is never expanded', 'gloss', 'undefined-acronym']) {
        if (!text.includes(want)) throw new Error(`Problems panel lacks "${want}": ${JSON.stringify(text.slice(0, 400))}`);
      }
      await shot('vscode-problems.png');
    });

    await step('a changed setting applies without a restart (undefined-acronym: off)', async () => {
      // Workspace settings (.vscode/settings.json), as a user would edit them.
      const file = path.join(WORKSPACE, '.vscode', 'settings.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const settings = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
      settings['gloss.diagnostics.undefined-acronym'] = 'off';
      fs.writeFileSync(file, JSON.stringify(settings, null, 2));
      await page.waitForFunction(
        () => { const p = document.querySelector('.markers-panel'); return p && !/undefined-acronym/.test(p.innerText) && /gloss/.test(p.innerText); },
        null, { timeout: 30000 });
      delete settings['gloss.diagnostics.undefined-acronym'];
      fs.writeFileSync(file, JSON.stringify(settings, null, 2));
      await page.waitForFunction(
        () => { const p = document.querySelector('.markers-panel'); return p && /undefined-acronym/.test(p.innerText); },
        null, { timeout: 30000 });
    });

    await step('"Gloss: Open Glossary Entry Under Cursor" opens the entry', async () => {
      await page.locator('.monaco-editor .view-lines').first().click();
      await gotoLine(page, '5:2');
      await page.keyboard.press('F1');
      await page.waitForSelector('.quick-input-widget:visible');
      await page.keyboard.type('Gloss: Open Glossary Entry');
      await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("Open Glossary Entry")');
      await page.keyboard.press('Enter');
      await page.waitForSelector('.tab.active:has-text("institutions.toml")', { timeout: 20000 });
      // The entry's id line, wherever the entry sits in the embedded file.
      const idLine = siisIdLine();
      await page.waitForFunction((ln) => new RegExp(`Ln ${ln},`).test(document.querySelector('.statusbar')?.innerText || ''), idLine, { timeout: 10000 });
    });

    await step('the restart and output commands run', async () => {
      for (const title of ['Gloss: Restart Server', 'Gloss: Show Server Output']) {
        await page.keyboard.press('F1');
        await page.waitForSelector('.quick-input-widget:visible');
        await page.keyboard.type(title);
        await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${title.slice(7)}")`);
        await page.keyboard.press('Enter');
        await page.waitForTimeout(500);
      }
      // The Gloss output shows the server's start line, twice after the restart.
      await page.waitForFunction(
        () => [...document.querySelectorAll('.part.panel')].some((p) => (p.innerText.match(/lsp\s--stdio/g) || []).length >= 2),
        null, { timeout: 15000 });
      // After the restart the server publishes again.
      await showProblems(page);
      await page.waitForFunction(
        () => { const p = document.querySelector('.markers-panel'); return p && /undefined-acronym/.test(p.innerText); },
        null, { timeout: 30000 });
    });

    await step('a JSON glossary is validated against the glossary schema', async () => {
      const dir = path.join(WORKSPACE, 'glossary');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'extra.json'),
        JSON.stringify({ entry: [{ id: 'extra', label: 'Extra Thing', kind: 'not-a-kind' }] }, null, 2) + '\n');
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget:visible');
      await page.keyboard.type('extra.json');
      await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("extra.json")', { timeout: 15000 });
      await page.keyboard.press('Enter');
      await page.waitForSelector('.tab.active:has-text("extra.json")');
      await showProblems(page);
      // VS Code's JSON support, with the schema this extension contributes, rejects the kind.
      await page.waitForFunction(
        () => { const p = document.querySelector('.markers-panel'); return p && /extra\.json/.test(p.innerText) && /Value is not accepted/.test(p.innerText); },
        null, { timeout: 60000 });
      await shot('vscode-json-schema.png');
      fs.rmSync(dir, { recursive: true, force: true });
    });

    await step('a missing server binary gives a clear error; fixing the setting restarts', async () => {
      const file = path.join(WORKSPACE, '.vscode', 'settings.json');
      const settings = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
      settings['gloss.server.path'] = '/nonexistent/gloss';
      fs.writeFileSync(file, JSON.stringify(settings, null, 2));
      await page.waitForFunction(
        () => [...document.querySelectorAll('.notifications-toasts .notification-toast, .notification-list-item')]
          .some((n) => /language server was not found/.test(n.innerText) && /gloss\.server\.path/.test(n.innerText)),
        null, { timeout: 30000 });
      await shot('vscode-missing-server.png');
      delete settings['gloss.server.path'];
      fs.writeFileSync(file, JSON.stringify(settings, null, 2));
      // The extension restarts the server when gloss.server.* changes: a third start line.
      await page.waitForTimeout(1000);
      await page.keyboard.press('F1');
      await page.waitForSelector('.quick-input-widget:visible');
      await page.keyboard.type('Gloss: Show Server Output');
      await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("Show Server Output")');
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () => [...document.querySelectorAll('.part.panel')].some((p) => (p.innerText.match(/lsp\s--stdio/g) || []).length >= 3),
        null, { timeout: 30000 });
    });
  } catch (e) {
    failed = true;
    await shot('vscode-failure.png');
  } finally {
    await browser.close();
  }
  const passed = results.filter((r) => r.ok).length;
  console.log(`vscode: ${passed} passed, ${results.length - passed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
