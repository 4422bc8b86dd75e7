#!/usr/bin/env node
// (Adapted from the team's vscode-harness recipe.)
// Runs an extension's test module (the same run() entry point @vscode/test-electron calls)
// inside the Node extension host of a real VS Code (code-server), opened in headless chromium.
//
//   node run-ext-tests.mjs --extension-path <dir> --tests-path <module> [options]
//
// Exit codes: 0 all passed, 1 tests failed, 2 harness error or timeout.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  requireTools, makeScratch, writeUserSettings, startCodeServer, installVsix, workbenchUrl, launchBrowser,
  memorySampler, describeMemory, killOurs, copyWorkspace, installSignalCleanup, formatConsoleArgs, NOISE, log, elapsed,
  HarnessError, t0,
} from './harness.mjs';

const USAGE = `usage: node run-ext-tests.mjs --extension-path DIR --tests-path MODULE [options]
  --extension-path DIR   extension folder (its package.json); loaded as a development extension
  --tests-path MODULE    test entry module exporting run() (e.g. out/test/suite/index[.js])
  --workspace DIR        folder to open (copied to a scratch folder first; default: empty folder)
  --no-copy              open --workspace in place instead of a copy
  --vsix FILE            install this .vsix first (repeatable; e.g. extension dependencies)
  --env KEY=VALUE        extra environment for code-server and so the extension host (repeatable)
  --results FILE         where the test module may write JSON results (exported to it as
                         HARNESS_RESULTS_FILE; default <out>/results.json)
  --out DIR              logs, screenshot, results (default: a scratch folder, printed)
  --timeout SECONDS      whole-run limit (default 600)
  --verbose              print every workbench log line, not only the extension's
  --keep                 keep the scratch folder`;

let opts;
try {
  opts = parseArgs({
    options: {
      'extension-path': { type: 'string' }, 'tests-path': { type: 'string' }, workspace: { type: 'string' },
      'no-copy': { type: 'boolean' }, vsix: { type: 'string', multiple: true }, env: { type: 'string', multiple: true },
      results: { type: 'string' }, out: { type: 'string' }, timeout: { type: 'string' }, verbose: { type: 'boolean' },
      keep: { type: 'boolean' }, help: { type: 'boolean' },
    },
  }).values;
} catch (e) { console.error(e.message + '\n' + USAGE); process.exit(2); }
if (opts.help || !opts['extension-path'] || !opts['tests-path']) { console.error(USAGE); process.exit(opts.help ? 0 : 2); }

const extPath = path.resolve(opts['extension-path']);
let testsPath = path.resolve(opts['tests-path']);
const timeoutMs = Number(opts.timeout || 600) * 1000;

let server, browserInfo, sampler, dirs;
let closingLine = '';
async function cleanup() {
  try { await browserInfo?.browser?.close(); } catch { /* already gone */ }
  const { left } = await killOurs([server?.pid, browserInfo?.pid].filter(Boolean));
  if (left) log(`${left} process(es) needed SIGKILL`);
}
installSignalCleanup(async () => { await cleanup(); if (dirs && !opts.keep) fs.rmSync(dirs.root, { recursive: true, force: true }); });

async function main() {
  if (!fs.existsSync(path.join(extPath, 'package.json'))) throw new HarnessError(`no package.json in ${extPath}`);
  // VS Code require()s the tests module; accept with or without .js
  if (!fs.existsSync(testsPath) && !fs.existsSync(testsPath + '.js')) throw new HarnessError(`tests module not found: ${testsPath}`);
  if (testsPath.endsWith('.js')) testsPath = testsPath.slice(0, -3);

  const tools = requireTools();
  dirs = makeScratch(opts.out);
  log('scratch', dirs.root, '| out', dirs.out);
  const results = path.resolve(opts.results || path.join(dirs.out, 'results.json'));
  fs.rmSync(results, { force: true });
  const workspace = opts.workspace && opts['no-copy'] ? path.resolve(opts.workspace) : copyWorkspace(opts.workspace, dirs);
  writeUserSettings(dirs);
  if (opts.vsix?.length) installVsix(tools, dirs, opts.vsix);

  const env = { HARNESS_RESULTS_FILE: results };
  for (const kv of opts.env || []) { const i = kv.indexOf('='); env[kv.slice(0, i)] = kv.slice(i + 1); }
  sampler = memorySampler(() => [server?.pid, browserInfo?.pid]);
  server = await startCodeServer(tools, dirs, { env, verbose: opts.verbose });
  browserInfo = await launchBrowser(tools, dirs);
  const { page } = browserInfo;

  const workbenchLog = fs.createWriteStream(path.join(dirs.out, 'workbench.log'));
  let settle;
  let done = false;
  const finished = new Promise((r) => { settle = (v) => { done = true; r(v); }; });
  // The workbench calls these two globals when it runs extension tests (see README).
  await page.exposeFunction('codeAutomationLog', (level, args) => {
    const line = formatConsoleArgs(args);
    workbenchLog.write(`${level} ${line}\n`);
    if (!done && (opts.verbose || !NOISE.test(line))) {
      const pre = level === 'error' ? 'ERR ' : level === 'warn' ? 'WARN ' : '';
      // workbench errors come with long minified stacks: first line only (all of it is in workbench.log)
      console.log(`  | ${pre}${pre && !opts.verbose ? line.split('\n')[0] : line}`);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    const dir = path.join(dirs.out, 'vscode-logs');
    for (const l of logs || []) {
      const f = path.join(dir, l.relativePath);
      fs.mkdirSync(path.dirname(f), { recursive: true });
      fs.writeFileSync(f, l.contents);
    }
    settle({ code });
  });
  page.on('pageerror', (e) => workbenchLog.write(`pageerror ${e.message}\n`));
  page.on('crash', () => settle({ error: 'browser page crashed' }));

  const url = workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: extPath, extensionTestsPath: testsPath });
  log('opening', url);
  const tOpen = Date.now();
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  const timer = setTimeout(() => settle({ error: `timed out after ${timeoutMs / 1000}s` }), Math.max(1000, timeoutMs - (Date.now() - t0)));
  const outcome = await finished;
  clearTimeout(timer);
  const testSecs = ((Date.now() - tOpen) / 1000).toFixed(1);
  try { await page.screenshot({ path: path.join(dirs.out, 'final.png') }); } catch { /* page may be gone */ }
  workbenchLog.end();
  const mem = sampler.stop();

  let summary = null;
  if (fs.existsSync(results)) {
    try { summary = JSON.parse(fs.readFileSync(results, 'utf8')); } catch (e) { log('unreadable results file', results, e.message); }
  }
  log(`workbench open -> tests done: ${testSecs}s; ${describeMemory(mem, server, browserInfo.pid)}`);

  if (outcome.error) {
    log('FAILED:', outcome.error, '- see', dirs.out);
    return 2;
  }
  log(`extension host exit code ${outcome.code}`);
  if (summary) {
    for (const t of summary.tests || []) if (t.state === 'failed') console.log(`  FAILED ${t.title}\n    ${String(t.error).split('\n').slice(0, 6).join('\n    ')}`);
    closingLine = `ext-tests: ${summary.passes} passed, ${summary.failures} failed${summary.pending ? `, ${summary.pending} skipped` : ''}`;
    if (summary.failures > 0 || outcome.code !== 0) return 1;
    if (!summary.passes) { log('no test passed: treating as failure'); return 1; }
    return 0;
  }
  log(`the test module wrote no results file (${results}); judging by its exit code alone`);
  closingLine = `ext-tests: test run ${outcome.code === 0 ? 'passed' : 'failed'} (extension host exit code ${outcome.code})`;
  return outcome.code === 0 ? 0 : 1;
}

let rc = 2;
try {
  rc = await main();
} catch (e) {
  console.error(`[harness] error: ${e instanceof HarnessError ? e.message : e.stack || e}`);
  rc = 2;
} finally {
  await cleanup();
  if (dirs && !opts.keep) {
    // keep the out folder if it lives inside scratch and the run failed
    if (rc === 0 || !dirs.out.startsWith(dirs.root)) fs.rmSync(dirs.root, { recursive: true, force: true });
    else log('kept', dirs.root, 'for inspection');
  }
  log(`total ${elapsed()}, exit ${rc}`);
  // last line, so CI log readers find the counts at the end
  if (closingLine) console.log(closingLine);
}
process.exit(rc);
