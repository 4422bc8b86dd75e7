#!/usr/bin/env node
// Runs the extension-host suite (out/test/e2e/index.js) in a real VS Code, prints mocha's
// summary ("N passing", "N failing") and, when scripts/run-tests.mjs names a file in
// $MOCHA_STATS_FILE, writes mocha's own stats there (from the extension host's results file).
//
//   node test/vscode/run-host-tests.mjs [--launcher code-server|electron] [--grep TEXT] [--timeout S] [--out DIR] [--verbose] [--keep]
//
// Launchers (default: $IAM_RESTORE_LINT_VSCODE_LAUNCHER, else code-server on Linux, electron elsewhere):
//   code-server  VS Code 1.139 from npm (code-server) in Debian's chromium through playwright-core;
//                installs itself into the cache folder on first use (test/vscode/setup.mjs).
//   electron     @vscode/test-electron: downloads desktop VS Code (stable) into the cache folder
//                and runs it (on Linux it needs a display, e.g. `xvfb-run -a`).
// Both open a scratch copy of test/e2e/fixtures/workspace with the project loaded as the
// development extension (dist/ must be built: `npm run build` or `npm run package`).
//
// Exit codes: 0 all passed, 1 a test failed, 2 the launcher failed (nothing ran, timeout).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { toolPaths, missingTools } from './lib/paths.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const USAGE = 'usage: node test/vscode/run-host-tests.mjs [--launcher code-server|electron] [--grep TEXT] [--timeout SECONDS] [--out DIR] [--verbose] [--keep]';

let opts;
try {
	opts = parseArgs({
		options: {
			launcher: { type: 'string' }, grep: { type: 'string' }, timeout: { type: 'string' }, out: { type: 'string' },
			verbose: { type: 'boolean' }, keep: { type: 'boolean' }, help: { type: 'boolean' },
		},
	}).values;
} catch (e) {
	console.error(`${e.message}\n${USAGE}`);
	process.exit(2);
}
if (opts.help) {
	console.log(USAGE);
	process.exit(0);
}

const launcher = opts.launcher || process.env.IAM_RESTORE_LINT_VSCODE_LAUNCHER || (process.platform === 'linux' ? 'code-server' : 'electron');
const testsModule = path.join(root, 'out', 'test', 'e2e', 'index.js');
const workspace = path.join(root, 'test', 'e2e', 'fixtures', 'workspace');
const outDir = path.resolve(opts.out || path.join(root, 'test-results', 'vscode'));
const timeoutSeconds = Number(opts.timeout || 600);

for (const [file, hint] of [[path.join(root, 'dist', 'extension.js'), 'npm run build'], [path.join(root, 'dist', 'server.js'), 'npm run build'], [testsModule, 'npm run compile-tests']]) {
	if (!fs.existsSync(file)) {
		console.error(`[vscode] ${path.relative(root, file)} is missing: run ${hint} first`);
		process.exit(2);
	}
}
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
const resultsFile = path.join(outDir, 'results.json');
const env = { IAM_RESTORE_LINT_TEST_RESULTS: resultsFile, ...(opts.grep ? { IAM_RESTORE_LINT_TEST_GREP: opts.grep } : {}) };

let rc;
const started = Date.now();
if (launcher === 'code-server') rc = runCodeServer();
else if (launcher === 'electron') rc = await runElectron();
else {
	console.error(`[vscode] unknown launcher "${launcher}"\n${USAGE}`);
	process.exit(2);
}
process.exit(report(rc));

/** code-server: install what is missing (idempotent), then the harness runner. */
function runCodeServer() {
	if (missingTools(toolPaths()).length > 0) {
		const setup = spawnSync(process.execPath, [path.join(root, 'test', 'vscode', 'setup.mjs')], { stdio: 'inherit' });
		if (setup.status !== 0) {
			console.error('[vscode] setup of code-server + chromium failed');
			return 2;
		}
	}
	const args = [path.join(root, 'test', 'vscode', 'lib', 'run-ext-tests.mjs'),
		'--extension-path', root, '--tests-path', testsModule, '--workspace', workspace,
		'--results', resultsFile, '--out', outDir, '--timeout', String(timeoutSeconds)];
	for (const [k, v] of Object.entries(env)) args.push('--env', `${k}=${v}`);
	if (opts.verbose) args.push('--verbose');
	if (opts.keep) args.push('--keep');
	return spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 2;
}

/** Desktop VS Code through @vscode/test-electron, where it can be downloaded. */
async function runElectron() {
	let testElectron;
	try {
		testElectron = await import('@vscode/test-electron');
	} catch (e) {
		console.error(`[vscode] @vscode/test-electron is not installed (npm ci): ${e.message}`);
		return 2;
	}
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-restore-lint-vscode-'));
	const ws = path.join(scratch, 'workspace');
	fs.cpSync(workspace, ws, { recursive: true });
	const userData = path.join(scratch, 'user-data');
	fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
	fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
		'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
		'extensions.autoUpdate': false, 'workbench.startupEditor': 'none', 'git.enabled': false, 'chat.disableAIFeatures': true,
	}, null, 2));
	let code = 2;
	try {
		code = await testElectron.runTests({
			cachePath: toolPaths().desktopCache,
			version: process.env.IAM_RESTORE_LINT_VSCODE_VERSION || 'stable',
			extensionDevelopmentPath: root,
			extensionTestsPath: testsModule,
			extensionTestsEnv: env,
			launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
				`--user-data-dir=${userData}`, `--extensions-dir=${path.join(scratch, 'extensions')}`],
		}).then(() => 0, (e) => {
			// runTests rejects both for failed tests and for a VS Code that never started.
			console.error(`[vscode] ${e?.message ?? e}`);
			return fs.existsSync(resultsFile) ? 1 : 2;
		});
	} finally {
		if (!opts.keep) fs.rmSync(scratch, { recursive: true, force: true });
	}
	return code;
}

/**
 * Mocha's own summary, rebuilt from the results file, as the last lines: the extension host's
 * spec output is forwarded with a "  | " prefix, so only these lines match the runner's
 * "N passing" / "N failing" patterns.
 */
function report(code) {
	let results;
	try {
		results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
	} catch {
		console.log(`\n[vscode] no results from the extension host (launcher ${launcher}, exit ${code}); see ${outDir}`);
		return code === 0 ? 2 : code;
	}
	const failed = results.tests.filter((t) => t.state === 'failed');
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	// Mocha's stats as the extension host's mocha counted them; none (an older or broken run) and
	// the runner counts the suite as failed.
	if (process.env.MOCHA_STATS_FILE && results.stats) fs.writeFileSync(process.env.MOCHA_STATS_FILE, JSON.stringify(results.stats));
	if (!results.stats) console.log('  [vscode] the extension host wrote no mocha stats');
	console.log('');
	console.log(`  ${results.passes} passing (${seconds}s, ${launcher})`);
	if (results.pending) console.log(`  ${results.pending} pending`);
	if (results.failures) console.log(`  ${results.failures} failing`);
	failed.forEach((t, i) => console.log(`\n  ${i + 1}) ${t.title}\n     ${String(t.error).split('\n').slice(0, 8).join('\n     ')}`));
	if (results.failures > 0 || results.pending > 0 || failed.length > 0) return 1;
	if (results.passes === 0) {
		console.log('  no test passed: failing the run');
		return 1;
	}
	return code;
}
