// Shared plumbing for the code-server runners (adapted from the team's vscode-harness recipe):
// code-server (real VS Code, Node extension host) on a free loopback port,
// Debian's chromium driven by playwright-core, cleanup by process id.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import http from 'node:http';
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { CHROMIUM, missingTools, toolPaths } from './paths.mjs';

/** The installed tools (see setup.mjs); a HarnessError naming what is missing otherwise. */
export function requireTools() {
  const missing = missingTools();
  if (missing.length) throw new HarnessError(`not installed: ${missing.join(', ')}; run: node test/vscode/setup.mjs`);
  return toolPaths();
}

export class HarnessError extends Error {}

export const t0 = Date.now();
export const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1) + 's';
export function log(...a) { console.log(`[harness ${elapsed()}]`, ...a); }

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** A fresh scratch tree; every piece of state code-server or chromium writes lands here. */
export function makeScratch(outDir) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-restore-lint-vscode-'));
  const d = {
    root,
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    xdgConfig: path.join(root, 'xdg-config'),
    xdgData: path.join(root, 'xdg-data'),
    chromeProfile: path.join(root, 'chrome-profile'),
    out: path.resolve(outDir || path.join(root, 'out')),
  };
  for (const v of Object.values(d)) fs.mkdirSync(v, { recursive: true });
  return d;
}

/** User settings that keep a fresh profile quiet and deterministic. */
export function writeUserSettings(dirs, extra = {}) {
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    // VS Code for the Web saves after a delay by default; desktop (and a user's habit) does not
    'files.autoSave': 'off',
    ...extra,
  };
  const dir = path.join(dirs.userData, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

function baseEnv(dirs, extraEnv) {
  return {
    ...process.env,
    // code-server writes ~/.config/code-server/config.yaml and ~/.local/share/code-server otherwise
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    // Open VSX is unreachable here; an empty gallery stops the lookups
    EXTENSIONS_GALLERY: process.env.EXTENSIONS_GALLERY || '{"serviceUrl":""}',
    ...extraEnv,
  };
}

function codeServerArgs(dirs) {
  return [
    '--config', path.join(dirs.xdgConfig, 'config.yaml'),
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
  ];
}

/** Install .vsix files (or gallery-less ids already on disk) with code-server's own CLI. */
export function installVsix(tools, dirs, vsixFiles) {
  for (const f of vsixFiles) {
    const abs = path.resolve(f);
    log('installing', abs);
    const out = execFileSync(tools.node, [tools.codeServerEntry, ...codeServerArgs(dirs), '--force', '--install-extension', abs],
      { env: baseEnv(dirs, {}), encoding: 'utf8', timeout: 120000 });
    process.stdout.write(out.split('\n').filter((l) => l.trim()).map((l) => '  ' + l + '\n').join(''));
    if (!/successfully installed/i.test(out)) throw new HarnessError(`install of ${abs} did not report success`);
  }
}

/**
 * Starts code-server in its own process group (detached), so that it and every child
 * (extension host, language servers, pty host) can be ended with one signal to that group.
 */
export async function startCodeServer(tools, dirs, { folder, env = {}, verbose = false } = {}) {
  const port = await freePort();
  const logFile = path.join(dirs.out, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  const args = [
    tools.codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    ...codeServerArgs(dirs),
    // lets the browser workbench honour ?payload=[["extensionDevelopmentPath",…],["extensionTestsPath",…]]
    // (a built VS Code ignores those unless the smoke-test driver is enabled)
    '--vscode-option', 'enable-smoke-test-driver',
    '--vscode-option', 'skip-welcome',
    '--vscode-option', 'skip-release-notes',
  ];
  if (verbose) args.push('--log', 'trace');
  if (folder) args.push(folder);
  const child = spawn(tools.node, args, { env: baseEnv(dirs, env), stdio: ['ignore', logFd, logFd], detached: true });
  fs.closeSync(logFd);
  const server = {
    pid: child.pid, port, logFile,
    base: `http://127.0.0.1:${port}`,
    authority: `127.0.0.1:${port}`,
    exited: false,
  };
  child.on('exit', (code, sig) => { server.exited = true; server.exitInfo = { code, sig }; });
  trackGroup(child.pid);
  const deadline = Date.now() + 60000;
  for (;;) {
    if (server.exited) throw new HarnessError(`code-server exited early (${JSON.stringify(server.exitInfo)}); see ${logFile}`);
    if (await httpOk(`${server.base}/healthz`)) break;
    if (Date.now() > deadline) throw new HarnessError(`code-server did not answer on ${server.base} within 60s; see ${logFile}`);
    await sleep(150);
  }
  log(`code-server pid ${child.pid} listening on ${server.base}`);
  return server;
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode === 200); });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => { req.destroy(); resolve(false); });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** vscode-remote URI for a path on this machine, as the browser workbench needs it. */
export function remoteUri(server, p) {
  return `vscode-remote://${server.authority}${path.resolve(p).split(path.sep).map(encodeURIComponent).join('/')}`;
}

export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const q = new URLSearchParams();
  if (folder) q.set('folder', path.resolve(folder));
  else q.set('ew', 'true');
  const payload = [];
  for (const p of [].concat(extensionDevelopmentPath || [])) payload.push(['extensionDevelopmentPath', remoteUri(server, p)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(server, extensionTestsPath)]);
  if (payload.length) q.set('payload', JSON.stringify(payload));
  return `${server.base}/?${q.toString()}`;
}

export async function launchBrowser(tools, dirs, { viewport = { width: 1400, height: 900 } } = {}) {
  const req = createRequire(import.meta.url);
  const { chromium } = req(tools.playwrightCore);
  // chromium.launch() starts Chromium with a new empty --user-data-dir of its own (a
  // playwright_chromiumdev_profile-* folder under $TMPDIR, removed on close); Playwright refuses
  // --user-data-dir in args. TMPDIR is pointed into our scratch folder so nothing is left behind.
  const prevTmp = process.env.TMPDIR;
  process.env.TMPDIR = dirs.chromeProfile;
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
  } finally {
    if (prevTmp === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = prevTmp;
  }
  // Browser.process() is gone from recent playwright-core; find our chromium child in /proc
  const pid = childPids(process.pid).find((c) => /chrom/i.test(cmdline(c)));
  trackGroup(pid); // Playwright starts it detached, in a process group of its own
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  return { browser, context, page, pid };
}

// ------------------------------------------------------------------ process bookkeeping
export function cmdline(pid) {
  try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '); } catch { return ''; }
}
function childPids(ppid) { return readProcs().filter((p) => p.ppid === ppid).map((p) => p.pid); }

const groups = new Set();
export function trackGroup(pid) { if (pid) groups.add(pid); }

function readProcs() {
  const procs = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields after "(comm)": state ppid pgrp ... rss is field 24 overall => rest[21]
      procs.push({ pid: +d, ppid: +rest[1], pgrp: +rest[2], rssKb: (+rest[21] * 4096) / 1024 });
    } catch { /* gone */ }
  }
  return procs;
}

/** pids in the trees rooted at `roots` (by parent links) plus members of our process groups. */
export function ourProcesses(roots, allGroups = true) {
  const procs = readProcs();
  const kids = new Map();
  for (const p of procs) { if (!kids.has(p.ppid)) kids.set(p.ppid, []); kids.get(p.ppid).push(p); }
  const seen = new Map();
  const stack = [...roots];
  while (stack.length) {
    const pid = stack.pop();
    const me = procs.find((p) => p.pid === pid);
    if (me && !seen.has(pid)) seen.set(pid, me);
    for (const c of kids.get(pid) || []) if (!seen.has(c.pid)) { seen.set(c.pid, c); stack.push(c.pid); }
  }
  // members of our process groups (orphans whose parent already exited); only the roots' own
  // groups when measuring one tree
  const wanted = allGroups ? groups : new Set(roots);
  for (const p of procs) if (wanted.has(p.pgrp) && !seen.has(p.pid)) seen.set(p.pid, p);
  return [...seen.values()];
}

function pssKb(pid) {
  // proportional set size: shared pages split between the processes that share them, so
  // chromium's many processes are not counted several times over (plain RSS sums are)
  try {
    const m = /^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? +m[1] : 0;
  } catch { return 0; }
}

/** Samples memory (PSS) of code-server's and chromium's process trees. */
function memAvailableMb() {
  const m = /^MemAvailable:\s+(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
  return m ? +m[1] / 1024 : 0;
}

export function memorySampler(getRoots, everyMs = 1000) {
  const baseAvail = memAvailableMb();
  const peaks = { totalMb: 0, byRoot: {}, processes: 0, systemDeltaMb: 0 };
  const tick = () => {
    peaks.systemDeltaMb = Math.max(peaks.systemDeltaMb, baseAvail - memAvailableMb());
    const roots = getRoots().filter(Boolean);
    let total = 0;
    let n = 0;
    for (const r of roots) {
      const tree = ourProcesses([r], false);
      n += tree.length;
      const mb = tree.reduce((s, p) => s + pssKb(p.pid), 0) / 1024;
      total += mb;
      peaks.byRoot[r] = Math.max(peaks.byRoot[r] || 0, mb);
    }
    total += pssKb(process.pid) / 1024;
    peaks.totalMb = Math.max(peaks.totalMb, total);
    peaks.processes = Math.max(peaks.processes, n + 1);
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return { stop() { clearInterval(timer); tick(); return peaks; }, peaks };
}

export function describeMemory(mem, server, browserPid) {
  const cs = Math.round(mem.byRoot[server?.pid] || 0);
  const br = Math.round(mem.byRoot[browserPid] || 0);
  return `peak memory (PSS) ${Math.round(mem.totalMb)} MB in ${mem.processes} processes (code-server tree ${cs} MB, chromium tree ${br} MB; machine MemAvailable fell by up to ${Math.round(mem.systemDeltaMb)} MB during the run)`;
}

/** SIGTERM to each process group we created, then SIGKILL to whatever of ours is left. */
export async function killOurs(extraRoots = []) {
  const before = ourProcesses([...groups, ...extraRoots]);
  for (const g of groups) { try { process.kill(-g, 'SIGTERM'); } catch { /* gone */ } }
  for (const p of before) { try { process.kill(p.pid, 'SIGTERM'); } catch { /* gone */ } }
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (!before.some((p) => alive(p.pid))) return { left: 0 };
    await sleep(100);
  }
  const left = before.filter((p) => alive(p.pid));
  for (const p of left) { try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ } }
  return { left: left.length };
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return st.slice(st.lastIndexOf(')') + 2, st.lastIndexOf(')') + 3) !== 'Z';
  } catch { return false; }
}

/** Copy a fixture folder to scratch so tests can edit files freely. */
export function copyWorkspace(src, dirs) {
  const dest = path.join(dirs.root, 'workspace');
  if (src) fs.cpSync(path.resolve(src), dest, { recursive: true });
  else fs.mkdirSync(dest, { recursive: true });
  return dest;
}

/** Console lines from the workbench that say nothing about the extension under test. */
export const NOISE = /AgentHost|Ignoring fetching additional builtin|ChatModelSelection|AccountPolicyGate|Creating a socket|onnection token|Service Worker|reconnection-grace-time|Updating additional builtin|open-vsx|Failed to load resource|same-origin iframe|allow-scripts and allow-same-origin|^%s%s\s*$/;

export function formatConsoleArgs(args) {
  if (!Array.isArray(args)) return String(args);
  const [first, ...rest] = args;
  if (typeof first === 'string' && /%[sdifoOj%]/.test(first)) {
    let i = 0;
    const s = first.replace(/%([sdifoOj%])/g, (m, c) => (c === '%' ? '%' : i < rest.length ? String(rest[i++]) : m));
    return [s, ...rest.slice(i).map(String)].join(' ');
  }
  return args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
}

export function installSignalCleanup(onSignal) {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, async () => {
      console.error(`[harness] ${sig}: cleaning up`);
      try { await onSignal(); } finally { process.exit(130); }
    });
  }
}
