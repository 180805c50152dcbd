// Drives Debian's Jupyter Notebook 6 in Debian's Chromium (playwright-core, no browser download):
// opens notebooks 00 and 01, runs them cell by cell as a user does (click, Shift+Enter), and checks
// what the user sees. Run by BrowserNotebookIT: node notebooks.mjs BASE_URL TOKEN SHOTS_DIR NOTEBOOK_DIR.
// Prints one line per check; exits 1 with the failed checks listed.
import { chromium } from 'playwright-core';

import { readFileSync } from 'node:fs';

const [base, token, shots, dir] = process.argv.slice(2);
const failures = [];
const check = (ok, what, detail = '') => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${ok ? '' : ' :: ' + String(detail).slice(0, 1500)}`);
  if (!ok) failures.push(what);
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
page.setDefaultTimeout(60_000);

async function open(name) {
  opened = name;
  await page.goto(`${base}/notebooks/${name}?token=${token}`);
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected());
  await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon');
}

/** Checks name cells by id (from the file; the page shows the same cells in the same order). */
let opened = '';
const cellIndex = (id) => {
  const i = JSON.parse(readFileSync(`${dir}/${opened}`, 'utf8')).cells.findIndex((c) => c.id === id);
  if (i < 0) throw new Error(`no cell ${id} in ${opened}`);
  return i;
};

/** Clicks the cell and presses Shift+Enter; waits until its prompt shows a number (or it is markdown). */
async function run(i, { waitDone = true } = {}) {
  const cell = page.locator('#notebook-container .cell').nth(i);
  await cell.scrollIntoViewIfNeeded();
  await cell.locator('.inner_cell').first().click();
  await page.keyboard.press('Shift+Enter');
  if (waitDone) await done(i);
}

async function done(i) {
  await page.waitForFunction((i) => {
    const c = Jupyter.notebook.get_cell(i);
    return c.cell_type !== 'code' || (c.input_prompt_number !== '*' && c.input_prompt_number !== undefined && c.input_prompt_number !== null);
  }, i, { timeout: 600_000 });
  await page.waitForSelector('#kernel_indicator_icon.kernel_idle_icon');
}

const outputText = (i) => page.locator('#notebook-container .cell').nth(i).locator('.output_area').allInnerTexts();

async function runAll(name) {
  const n = await page.evaluate(() => Jupyter.notebook.ncells());
  for (let i = 0; i < n; i++) await run(i);
}

/** A new cell at the end with this text, selected, in edit mode. */
async function newCell(text) {
  await page.evaluate((text) => {
    const nb = Jupyter.notebook;
    const c = nb.insert_cell_at_bottom('code');
    c.set_text(text);
    nb.select(nb.ncells() - 1);
  }, text);
  const i = (await page.evaluate(() => Jupyter.notebook.ncells())) - 1;
  return i;
}

// ---------------- notebook 00 on the local profile ----------------
await open('00-getting-started.ipynb');
await runAll();
await page.screenshot({ path: `${shots}/00-getting-started.png`, fullPage: true });

const table = await cellIndex('table');
const tableCell = page.locator('#notebook-container .cell').nth(table);
check(await tableCell.locator('.output_html table.hpc-table td').count() === 6, 'a Table renders as an HTML table');
const align = await tableCell.locator('.output_html table.hpc-table tbody tr').first().locator('td')
  .evaluateAll((tds) => tds.map((td) => getComputedStyle(td).textAlign));
check(align[0] === 'left' && align[1] === 'right', 'text columns align left, numbers right', align);

for (const id of ['chart', 'metrics-job']) {
  const img = page.locator('#notebook-container .cell').nth(await cellIndex(id)).locator('.output_png img');
  const w = await img.first().evaluate((el) => el.naturalWidth).catch(() => 0);
  check(w > 100, `cell ${id}: the PNG shows as an image`, w);
}

const waitTexts = (await outputText(await cellIndex('wait-job'))).join('\n');
check((waitTexts.match(/jobs on local/g) || []).length === 1 && waitTexts.includes('COMPLETED'),
  '%hpc wait updates its status table in place (one copy, ending COMPLETED)', waitTexts);
const sweepTexts = (await outputText(await cellIndex('sweep'))).join('\n');
check((sweepTexts.match(/sweep \d+ \(first-sweep\)/g) || []).length === 1, 'the sweep line updates in place', sweepTexts);
const results = page.locator('#notebook-container .cell').nth(await cellIndex('sweep-results'));
check(await results.locator('.output_html table').count() === 1 && await results.locator('.output_png img').count() >= 1,
  'sweep results: a table and plots');

// Tab completion and Shift-Tab
let i = await newCell('System.out.pr');
await page.locator('#notebook-container .cell').nth(i).locator('.CodeMirror').click();
await page.keyboard.press('End');
await page.keyboard.press('Tab');
await page.waitForFunction((i) => document.querySelector('#complete select option') !== null
  || Jupyter.notebook.get_cell(i).get_text() !== 'System.out.pr', i, { timeout: 30_000 }).catch(() => {});
const options = await page.locator('#complete select option').allInnerTexts().catch(() => []);
const typed = await page.evaluate((i) => Jupyter.notebook.get_cell(i).get_text(), i);
check(options.some((o) => o.startsWith('print')) || typed.startsWith('System.out.print'), 'Tab completes System.out.pr', [options, typed]);
await page.screenshot({ path: `${shots}/tab-completion.png` });
await page.keyboard.press('Escape');

i = await newCell('String');
await page.locator('#notebook-container .cell').nth(i).locator('.CodeMirror').click();
await page.keyboard.press('End');
await page.keyboard.press('Shift+Tab');
const tip = await page.waitForSelector('#tooltip', { state: 'visible', timeout: 30_000 }).then((el) => el.innerText()).catch(() => '');
check(tip.includes('java.lang.String'), 'Shift-Tab on a class shows its name', tip);
await page.screenshot({ path: `${shots}/shift-tab.png` });
await page.keyboard.press('Escape');

// %wandb login: a password box, and the key never on the page
const key = 'k13-not-a-real-key-0123456789abcdef';
i = await newCell('%wandb login');
await run(i, { waitDone: false });
const box = await page.waitForSelector('input[type=password]', { timeout: 60_000 }).catch(() => null);
check(box !== null, '%wandb login shows a password box');
if (box) {
  await box.type(key);
  await page.screenshot({ path: `${shots}/wandb-login.png` });
  await box.press('Enter');
}
await done(i);
const pageText = await page.evaluate(() => document.body.innerText + JSON.stringify(Jupyter.notebook.toJSON()));
check(!pageText.includes(key), 'the W&B key never shows on the page nor in the notebook');

// interrupt stops while (true) {}
await page.locator('#notebook-container .cell').nth(i).click(); // keyboard shortcuts come back after an input box
i = await newCell('while (true) {}');
await run(i, { waitDone: false });
await page.waitForSelector('#kernel_indicator_icon.kernel_busy_icon');
await page.waitForTimeout(1500);
await page.click('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');
await done(i);
const stopped = (await outputText(i)).join('\n');
check(stopped.includes('Interrupted'), 'interrupt stops while (true) {}', stopped);
i = await newCell('1 + 1');
await run(i);
check((await outputText(i)).join('\n').includes('2'), 'the kernel answers after the interrupt');
await page.screenshot({ path: `${shots}/00-after-checks.png`, fullPage: true });

// ---------------- notebook 01 on the localhost Slurm ----------------
await open('01-slurm-basics.ipynb');
await runAll();
await page.screenshot({ path: `${shots}/01-slurm-basics.png`, fullPage: true });
const n01 = await page.evaluate(() => Jupyter.notebook.ncells());
let waits = 0;
let errors = [];
for (let k = 0; k < n01; k++) {
  const code = await page.evaluate((k) => Jupyter.notebook.get_cell(k).get_text(), k);
  const out = page.locator('#notebook-container .cell').nth(k);
  if (code.startsWith('%hpc wait')) {
    waits++;
    const t = (await out.locator('.output_area').allInnerTexts()).join('\n');
    check((t.match(/jobs on /g) || []).length === 1, `01: "${code}" updates in place`, t);
  }
  if (code.startsWith('%hpc profile list') || code.startsWith('%hpc status') || code.startsWith('%hpc jobs')) {
    check(await out.locator('.output_html table').count() === 1, `01: "${code}" renders a table`);
  }
  if (await out.locator('.output_error').count() > 0) errors.push(code + ' -> ' + (await out.locator('.output_error').allInnerTexts()).join(' '));
}
check(waits >= 1, '01 has %hpc wait cells', waits);
check(errors.length === 0, '01 runs without errors', errors);

await browser.close();
if (failures.length) {
  console.log(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('all browser checks passed');
