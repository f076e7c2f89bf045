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
const EXTENSIONS = process.env.GLOSS_E2E_EXTENSIONS || '';

/** A short document with one mention of each kind (the United Nations twice). */
const ENTITIES_DOC = 'entities.md';
const ENTITIES_TEXT = [
  '# Entities',
  '',
  'The United Nations met in Geneva. Mitt Romney spoke about the Paris Agreement, multilateralism and the Cold War.',
  '',
  'Later the United Nations agreed.',
  '',
  'The PPP rose.',
  '',
].join('\n');
/** The mention of each kind in ENTITIES_TEXT, and a stretch of plain text. */
const KIND_SAMPLES = {
  organization: 'United Nations',
  person: 'Mitt Romney',
  place: 'Geneva',
  document: 'Paris Agreement',
  concept: 'multilateralism',
  event: 'Cold War',
};
const PLAIN_SAMPLE = ' met in ';

/**
 * The computed colour of the rendered span (Monaco draws a line as spans of class mtkN, one per
 * token) whose text is each sample, in the visible editor; null where no span has that text.
 */
async function tokenColours(page, samples) {
  return page.evaluate((samples) => {
    const spans = [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line span span')];
    const text = (s) => s.textContent.replace(/\u00a0/g, ' '); // Monaco draws spaces as no-break spaces
    const out = {};
    for (const [name, sample] of Object.entries(samples)) {
      const span = spans.find((s) => text(s) === sample) || spans.find((s) => text(s).includes(sample));
      out[name] = span ? getComputedStyle(span).color : null;
    }
    return out;
  }, samples);
}

/** Waits until every kind's mention is drawn in a colour of its own, unlike plain text; returns the colours. */
async function waitForKindColours(page, timeout) {
  const deadline = Date.now() + timeout;
  let colours = {};
  while (Date.now() < deadline) {
    colours = await tokenColours(page, { ...KIND_SAMPLES, plain: PLAIN_SAMPLE });
    const values = Object.values(colours);
    if (values.every((c) => c) && new Set(values).size === values.length) return colours;
    await page.waitForTimeout(300);
  }
  throw new Error(`mentions are not drawn in one colour per kind (and unlike plain text): ${JSON.stringify(colours)}`);
}

/** Text without its whitespace (a tree row's innerText runs label and description together). */
const squash = (text) => text.replace(/\s+/g, '');

/** The rows of the Gloss Entities view, as their text. */
async function entityRows(page) {
  return page.locator('.pane:has(.pane-header:has-text("Gloss Entities")) .monaco-list-row').allInnerTexts();
}

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

/** Runs a command from the palette (F1), waiting for its row. */
async function runCommand(page, title, rowText) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget:visible');
  await page.keyboard.type(title);
  await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${rowText}")`);
  await page.keyboard.press('Enter');
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

    await step('the server is the one inside the .vsix (no setting, no gloss on PATH)', async () => {
      await runCommand(page, 'Gloss: Show Server Output', 'Show Server Output');
      await page.waitForFunction(
        () => [...document.querySelectorAll('.part.panel')].some((p) => /server\/gloss\s+lsp\s+--stdio/.test(p.innerText)),
        null, { timeout: 15000 });
      const text = (await page.locator('.part.panel').first().innerText()).replace(/\s+/g, ' ');
      const started = (text.match(/Starting (\S+) lsp --stdio/) || [])[1] || '';
      if (!started.endsWith('/server/gloss') || (EXTENSIONS && !started.startsWith(EXTENSIONS))) {
        throw new Error(`the server started is not the bundled one: ${JSON.stringify(started)}`);
      }
      await page.keyboard.press('Control+J'); // hide the panel again
    });

    await step('mentions are coloured by kind (default theme): six kinds, six colours, none the plain text colour', async () => {
      fs.writeFileSync(path.join(WORKSPACE, ENTITIES_DOC), ENTITIES_TEXT);
      const row = page.locator('.explorer-viewlet .monaco-list-row', { hasText: ENTITIES_DOC }).first();
      await row.waitFor({ timeout: 20000 });
      await row.dblclick();
      await page.waitForSelector(`.tab.active:has-text("${ENTITIES_DOC}")`);
      const colours = await waitForKindColours(page, 30000);
      console.log(`     colours: ${JSON.stringify(colours)}`);
      // A label with several meanings that nothing decides ("PPP") is drawn in italics (modifier `ambiguous`).
      const style = await page.evaluate(() => {
        const span = [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line span span')]
          .find((s) => s.textContent === 'PPP');
        return span ? getComputedStyle(span).fontStyle : null;
      });
      if (style !== 'italic') throw new Error(`the ambiguous "PPP" is drawn ${JSON.stringify(style)}, not italic`);
    });

    await step('the Entities view lists the kinds with counts; an entity expands to its mentions; a click reveals one', async () => {
      // Room for the view: fold the folder tree, unfold the view.
      const folder = page.locator('.explorer-viewlet .pane-header[aria-expanded="true"]').first();
      if (!(await folder.innerText()).match(/Gloss Entities/i)) await folder.click();
      const header = page.locator('.pane-header:has-text("Gloss Entities")').first();
      await header.waitFor({ timeout: 15000 });
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      // One row per kind, with its counts, in the server's order.
      const want = ['Concepts 1 entity, 1 mention', 'Organizations 1 entity, 2 mentions', 'People 1 entity, 1 mention',
        'Places 1 entity, 1 mention', 'Documents 1 entity, 1 mention', 'Events 1 entity, 1 mention'];
      let rows = [];
      const deadline = Date.now() + 30000;
      while (Date.now() < deadline) {
        rows = await entityRows(page);
        if (JSON.stringify(rows.map(squash)) === JSON.stringify(want.map(squash))) break;
        await page.waitForTimeout(300);
      }
      if (JSON.stringify(rows.map(squash)) !== JSON.stringify(want.map(squash))) throw new Error(`Entities view rows: ${JSON.stringify(rows)}`);
      await page.locator('.pane:has(.pane-header:has-text("Gloss Entities")) .monaco-list-row', { hasText: 'Organizations' }).first().click();
      // Expand "United Nations": its two mentions, lines 3 and 5.
      await page.locator('.pane:has(.pane-header:has-text("Gloss Entities")) .monaco-list-row', { hasText: 'United Nations' }).first()
        .click({ timeout: 10000 });
      await page.waitForFunction(
        () => [...document.querySelectorAll('.pane .monaco-list-row')].filter((r) => /United Nations/.test(r.innerText) && /line \d+, column/.test(r.innerText)).length === 2,
        null, { timeout: 10000 });
      const mentions = (await entityRows(page)).filter((r) => /line \d+, column/.test(r) && r.includes('United Nations'));
      if (!/line 3, column 5/.test(mentions[0]) || !/line 5, column 11/.test(mentions[1])) {
        throw new Error(`mentions of United Nations: ${JSON.stringify(mentions)}`);
      }
      await page.locator('.pane .monaco-list-row', { hasText: 'line 5, column 11' }).first().click();
      // The mention is selected: the cursor at its end, 14 characters selected.
      await page.waitForFunction(() => /Ln 5, Col 25 \(14 selected\)/.test(document.querySelector('.statusbar')?.innerText || ''), null, { timeout: 10000 });
      await page.mouse.move(900, 600);
      await shot('vscode-entities.png');
    });

    await step('the Entities view follows edits', async () => {
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await gotoLine(page, '6:1');
      await page.keyboard.type('The United Nations and Geneva again.\n\n');
      await page.waitForFunction(
        () => [...document.querySelectorAll('.pane .monaco-list-row')].some((r) => /Organizations/.test(r.innerText) && /1 entity, 3 mentions/.test(r.innerText))
          && [...document.querySelectorAll('.pane .monaco-list-row')].some((r) => /Places/.test(r.innerText) && /1 entity, 2 mentions/.test(r.innerText)),
        null, { timeout: 15000 });
    });

    await step('hover card over coloured mentions (README screenshot)', async () => {
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await gotoLine(page, '3:40');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await page.waitForFunction(
        () => [...document.querySelectorAll('.monaco-hover')].some((h) => h.offsetParent !== null && /Romney/.test(h.innerText) && /person/.test(h.innerText)),
        null, { timeout: 15000 });
      await page.waitForTimeout(300);
      await shot('vscode-colours-hover.png');
      await page.screenshot({ path: path.join(ARTIFACTS, 'vscode-readme.png'), clip: { x: 0, y: 0, width: 1400, height: 392 } }).catch(() => {});
      await page.keyboard.press('Escape');
    });

    await step('mentions are coloured by kind in the other default theme (light/dark) too', async () => {
      const file = path.join(WORKSPACE, '.vscode', 'settings.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const settings = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
      const dark = await tokenColours(page, KIND_SAMPLES);
      const isDark = await page.evaluate(() => !!document.querySelector('.monaco-workbench.vs-dark'));
      const other = isDark ? 'Default Light Modern' : 'Default Dark Modern';
      console.log(`     switching to ${other}`);
      settings['workbench.colorTheme'] = other;
      fs.writeFileSync(file, JSON.stringify(settings, null, 2));
      await page.waitForFunction((dark) => {
        const spans = [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line span span')];
        const s = spans.find((x) => x.textContent.replace(/\u00a0/g, ' ') === 'United Nations');
        return s && getComputedStyle(s).color !== dark.organization;
      }, dark, { timeout: 20000 });
      const colours = await waitForKindColours(page, 20000);
      console.log(`     colours: ${JSON.stringify(colours)}`);
      delete settings['workbench.colorTheme'];
      fs.writeFileSync(file, JSON.stringify(settings, null, 2));
      await waitForKindColours(page, 20000);
      // Back to the corpus text for the steps below.
      await page.locator(`.tab:has-text("${DOC}")`).first().click();
      await page.waitForSelector(`.tab.active:has-text("${DOC}")`);
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
      // With the setting gone, the server is the bundled one again (setting > bundled, no fallback between).
      const text = (await page.locator('.part.panel').first().innerText()).replace(/\s+/g, ' ');
      const starts = [...text.matchAll(/Starting (\S+) lsp --stdio/g)].map((m) => m[1]);
      if (!starts.length || !starts[starts.length - 1].endsWith('/server/gloss')) {
        throw new Error(`after the setting is removed the server started is ${JSON.stringify(starts)}`);
      }
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
