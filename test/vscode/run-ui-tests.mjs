#!/usr/bin/env node
// The user-level browser test: code-server with the packaged iam-restore-lint.vsix installed (as
// a user installs it), driven through headless chromium by keyboard and mouse
// (test/e2e/ui/spec.mjs). Screenshots go to test-results/vscode-ui/. Prints a summary in mocha's
// words ("N passing", "N failing") and, when scripts/run-tests.mjs names a file in
// $MOCHA_STATS_FILE, writes the step counts there in the shape of mocha's stats (tests, passes,
// failures, pending), read from the harness's results file, so nothing is counted from text.
//
//   node test/vscode/run-ui-tests.mjs [--web [--extension-kind KIND]] [--cpu-throttle N] [--vsix FILE] [--timeout S] [--out DIR] [--verbose] [--keep]
//
// --web: the same steps with the extension in VS Code's web worker extension host (its
// package.json `browser` entry and the web worker server dist/web/server.js), as in vscode.dev:
// the user setting remote.extensionKind makes code-server run it there, and a last step checks
// that no Node language server (dist/server.js) was started. --extension-kind workspace (with
// --web) forces the Node extension host instead, with the same last check: that run must fail at
// that step, which shows the check can fail (issue 14). --cpu-throttle N slows the workbench's
// page N times (Chrome's CPU throttling), to try the steps as on a loaded machine.
//
// Linux only (code-server + Debian's chromium; installs itself on first use, see setup.mjs).
// Exit codes: 0 all steps passed, 1 a step failed, 2 the harness failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { missingTools, nodePackageName, toolPaths } from './lib/paths.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let opts;
try {
	opts = parseArgs({ options: { vsix: { type: 'string' }, timeout: { type: 'string' }, out: { type: 'string' }, verbose: { type: 'boolean' }, keep: { type: 'boolean' }, web: { type: 'boolean' }, 'extension-kind': { type: 'string' }, 'cpu-throttle': { type: 'string' } } }).values;
} catch (e) {
	console.error(`${e.message}\nusage: node test/vscode/run-ui-tests.mjs [--web [--extension-kind web|workspace]] [--vsix FILE] [--timeout SECONDS] [--out DIR] [--verbose] [--keep]`);
	process.exit(2);
}
const vsix = path.resolve(opts.vsix || path.join(root, 'iam-restore-lint.vsix'));
const outDir = path.resolve(opts.out || path.join(root, 'test-results', opts.web ? 'vscode-ui-web' : 'vscode-ui'));
const resultsFile = path.join(outDir, 'results.json');
const started = Date.now();

if (!nodePackageName()) {
	// Not a skip that looks green: the runner counts a suite without a summary as failed.
	console.error(`[vscode-ui] the browser test needs Linux (code-server + chromium); this is ${process.platform}/${process.arch}`);
	process.exit(2);
}
if (!fs.existsSync(vsix)) {
	console.error(`[vscode-ui] ${vsix} is missing: run npm run package first`);
	process.exit(2);
}
if (missingTools(toolPaths()).length > 0) {
	const setup = spawnSync(process.execPath, [path.join(root, 'test', 'vscode', 'setup.mjs')], { stdio: 'inherit' });
	if (setup.status !== 0) {
		console.error('[vscode-ui] setup of code-server + chromium failed');
		process.exit(2);
	}
}
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });

const args = [path.join(root, 'test', 'vscode', 'lib', 'run-e2e.mjs'),
	'--spec', path.join(root, 'test', 'e2e', 'ui', 'spec.mjs'), '--vsix', vsix,
	'--workspace', path.join(root, 'test', 'e2e', 'fixtures', 'workspace'),
	'--out', outDir, '--results', resultsFile, '--timeout', opts.timeout || '300'];
if (opts.web) {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	args.push('--user-settings', JSON.stringify({ 'remote.extensionKind': { [`${pkg.publisher}.${pkg.name}`]: [opts['extension-kind'] || 'web'] } }));
	args.push('--forbid-process', String.raw`dist/server\.js`);
}
if (opts['cpu-throttle']) args.push('--cpu-throttle', opts['cpu-throttle']);
if (opts.verbose) args.push('--verbose');
if (opts.keep) args.push('--keep');
const code = spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 2;

let results = { passes: 0, failures: 0, steps: [] };
try {
	results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
} catch {
	/* no step ran */
}
// A harness error (timeout, crash) after passing steps is one more failure.
const failures = results.failures + (code !== 0 && results.failures === 0 ? 1 : 0);
console.log('');
console.log(`  ${results.passes} passing (${((Date.now() - started) / 1000).toFixed(1)}s, code-server + chromium, ${path.basename(vsix)}${opts.web ? `, extension kind ${opts['extension-kind'] || 'web'} (remote.extensionKind)` : ''})`);
if (failures) console.log(`  ${failures} failing`);
results.steps.filter((s) => s.state === 'failed').forEach((s, i) => console.log(`\n  ${i + 1}) ${s.title}\n     ${String(s.error).split('\n').slice(0, 6).join('\n     ')}`));
if (code !== 0 && results.failures === 0) console.log(`\n  ${failures}) the browser harness exited with ${code}; see ${outDir}`);
console.log(`  screenshots: ${path.relative(root, outDir)}/*.png`);
// No results file means no step ran: no stats are written, and the runner counts the suite as failed.
if (process.env.MOCHA_STATS_FILE && fs.existsSync(resultsFile)) {
	const harnessFailed = failures - results.failures;
	fs.writeFileSync(process.env.MOCHA_STATS_FILE, JSON.stringify({ suites: 1, tests: results.steps.length + harnessFailed, passes: results.passes, pending: 0, failures, duration: Date.now() - started }));
}
process.exit(failures > 0 ? (code || 1) : code);
