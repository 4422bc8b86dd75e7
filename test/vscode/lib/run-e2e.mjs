#!/usr/bin/env node
// (Adapted from the team's vscode-harness recipe: --results added.)
// Drives a real VS Code (code-server) in headless chromium as a user would: keyboard, mouse,
// what is on screen. The extension under test is loaded as a development extension
// (--extension-path) or installed from a .vsix (--vsix), or both.
//
//   node run-e2e.mjs --spec <spec.mjs> (--extension-path <dir> | --vsix <file>) [options]
//
// A spec is an ES module: `export default async function (ui, step) { ... }`.
// `step(name, fn)` runs and times one check; a failed step takes a screenshot and stops the spec.
// `ui` has helpers (lib/ui.mjs): openFile, runCommand, problemsText, waitForSquiggle,
// hoverSquiggle, squiggleLines, goTo, quickFixAt, goToNextProblem, editorText, save, readWorkspaceFile, screenshot, page.
//
// Exit codes: 0 all steps passed, 1 a step failed, 2 harness error or timeout.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  requireTools, makeScratch, writeUserSettings, startCodeServer, installVsix, workbenchUrl, launchBrowser,
  memorySampler, describeMemory, killOurs, ourProcesses, cmdline, copyWorkspace, installSignalCleanup, formatConsoleArgs, NOISE, log, elapsed, HarnessError,
} from './harness.mjs';
import { makeUi } from './ui.mjs';

const USAGE = `usage: node run-e2e.mjs --spec FILE.mjs (--extension-path DIR | --vsix FILE ...) [options]
  --spec FILE            e2e spec module (default export async (ui, step) => {})
  --extension-path DIR   load this folder as a development extension
  --vsix FILE            install this .vsix into the (fresh) extensions folder (repeatable)
  --workspace DIR        folder to open; copied to a scratch folder first
  --out DIR              screenshots and logs (default: ./e2e-out)
  --timeout SECONDS      whole-run limit (default 600)
  --env KEY=VALUE        extra environment for code-server and the extension host (repeatable)
  --results FILE         write {passes, failures, steps:[{title,state,ms,error}]} here
  --user-settings JSON   extra user settings (e.g. remote.extensionKind to run an extension in the web worker host)
  --cpu-throttle N       slow the workbench page's CPU N times (Chrome DevTools Protocol), as on a loaded machine
  --forbid-process RE    a last step fails if a process of code-server's tree has a command line matching RE
  --verbose              print every workbench console line
  --keep                 keep the scratch folder`;

let opts;
try {
  opts = parseArgs({
    options: {
      spec: { type: 'string' }, 'extension-path': { type: 'string' }, vsix: { type: 'string', multiple: true },
      workspace: { type: 'string' }, out: { type: 'string' }, results: { type: 'string' }, timeout: { type: 'string' }, env: { type: 'string', multiple: true },
      'user-settings': { type: 'string' }, 'forbid-process': { type: 'string' }, 'cpu-throttle': { type: 'string' },
      verbose: { type: 'boolean' }, keep: { type: 'boolean' }, help: { type: 'boolean' },
    },
  }).values;
} catch (e) { console.error(e.message + '\n' + USAGE); process.exit(2); }
if (opts.help || !opts.spec || (!opts['extension-path'] && !opts.vsix?.length)) { console.error(USAGE); process.exit(opts.help ? 0 : 2); }

let server, browserInfo, dirs;
let closingLine = '';
async function cleanup() {
  try { await browserInfo?.browser?.close(); } catch { /* gone */ }
  const { left } = await killOurs([server?.pid, browserInfo?.pid].filter(Boolean));
  if (left) log(`${left} process(es) needed SIGKILL`);
}
installSignalCleanup(async () => { await cleanup(); if (dirs && !opts.keep) fs.rmSync(dirs.root, { recursive: true, force: true }); });

async function main() {
  const tools = requireTools();
  const spec = await import(pathToFileURL(path.resolve(opts.spec)).href);
  if (typeof spec.default !== 'function') throw new HarnessError(`${opts.spec} has no default export function`);
  dirs = makeScratch(opts.out || 'e2e-out');
  log('scratch', dirs.root, '| out', dirs.out);
  const workspace = copyWorkspace(opts.workspace, dirs);
  writeUserSettings(dirs, opts['user-settings'] ? JSON.parse(opts['user-settings']) : {});
  if (opts.vsix?.length) installVsix(tools, dirs, opts.vsix);
  const env = {};
  for (const kv of opts.env || []) { const i = kv.indexOf('='); env[kv.slice(0, i)] = kv.slice(i + 1); }
  const sampler = memorySampler(() => [server?.pid, browserInfo?.pid]);
  server = await startCodeServer(tools, dirs, { env, verbose: opts.verbose });
  browserInfo = await launchBrowser(tools, dirs);
  const { page } = browserInfo;
  if (opts['cpu-throttle']) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(opts['cpu-throttle']) });
    log(`CPU of the workbench page throttled ${opts['cpu-throttle']}x`);
  }
  const wlog = fs.createWriteStream(path.join(dirs.out, 'browser-console.log'));
  page.on('console', (m) => {
    const line = m.text();
    wlog.write(`${m.type()} ${line}\n`);
    if (opts.verbose || (/iam|harness|\[Extension Host\]/i.test(line) && !NOISE.test(line))) console.log(`  | ${line}`);
  });
  page.on('pageerror', (e) => wlog.write(`pageerror ${e.message}\n`));

  const ui = makeUi({ page, workspace, outDir: dirs.out, log });
  const counts = { passed: 0, failed: 0 };
  const steps = [];
  const writeResults = () => {
    if (opts.results) fs.writeFileSync(opts.results, JSON.stringify({ passes: counts.passed, failures: counts.failed, steps }, null, 2));
  };
  const step = async (name, fn) => {
    const s = Date.now();
    try {
      const r = await fn();
      counts.passed++;
      steps.push({ title: name, state: 'passed', ms: Date.now() - s });
      writeResults();
      log(`  ok   ${name} (${Date.now() - s} ms)`);
      return r;
    } catch (e) {
      counts.failed++;
      steps.push({ title: name, state: 'failed', ms: Date.now() - s, error: String(e?.stack ?? e) });
      writeResults();
      log(`  FAIL ${name} (${Date.now() - s} ms): ${e.message.split('\n')[0]}`);
      try { log('  screenshot', await ui.screenshot('FAILED-' + name)); } catch { /* page gone */ }
      throw Object.assign(e, { stepFailed: true });
    }
  };

  const url = workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: opts['extension-path'] ? path.resolve(opts['extension-path']) : undefined });
  log('opening', url);
  const timeoutMs = Number(opts.timeout || 600) * 1000;
  let timer;
  const timeout = new Promise((_, rej) => { timer = setTimeout(() => rej(new HarnessError(`timed out after ${timeoutMs / 1000}s`)), timeoutMs); });
  let rc = 0;
  try {
    await Promise.race([timeout, (async () => {
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
      await step('workbench loads', () => ui.waitForWorkbench());
      await spec.default(ui, step);
      if (opts['forbid-process']) {
        const forbidden = new RegExp(opts['forbid-process']);
        await step(`no process of code-server's tree matches /${forbidden.source}/`, () => {
          const found = ourProcesses([server.pid], false).map((p) => cmdline(p.pid)).filter((c) => forbidden.test(c));
          ui.expect(found.length === 0, `found: ${found.join(' | ')}`);
        });
      }
    })()]);
  } catch (e) {
    if (e.stepFailed) rc = 1;
    else { rc = 2; log('FAILED:', e.message); try { await ui.screenshot('harness-error'); } catch { /* gone */ } }
  } finally { clearTimeout(timer); }
  try { await ui.screenshot('final'); } catch { /* gone */ }
  wlog.end();
  const mem = sampler.stop();
  log(`${describeMemory(mem, server, browserInfo.pid)}; screenshots in ${dirs.out}`);
  closingLine = `e2e: ${counts.passed} passed, ${counts.failed} failed`;
  return rc;
}

let rc = 2;
try { rc = await main(); } catch (e) {
  console.error(`[harness] error: ${e instanceof HarnessError ? e.message : e.stack || e}`);
  rc = 2;
} finally {
  await cleanup();
  if (dirs && !opts.keep) {
    // out (screenshots) lives outside scratch by default (./e2e-out), so it survives
    if (dirs.out.startsWith(dirs.root) && rc !== 0) log('kept', dirs.root, 'for inspection');
    else fs.rmSync(dirs.root, { recursive: true, force: true });
  }
  log(`total ${elapsed()}, exit ${rc}`);
  if (closingLine) console.log(closingLine);
}
process.exit(rc);
