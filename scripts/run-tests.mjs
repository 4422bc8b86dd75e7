// Runs every test suite, streams each runner's own output (mocha's spec reporter and its
// "N passing / N failing" summary), and totals them into test-results/summary.json and one last
// line, "tests: N passed, N failed". Every suite is counted from stats JSON written to the file
// named by $MOCHA_STATS_FILE, never from printed text: the mocha suites on Node by
// scripts/mocha-reporter.mjs (mocha's own stats); the extension-host suite by its launcher, from
// the stats of the mocha that ran inside VS Code (test/e2e/index.ts); the browser suites by their
// launcher, from the step harness's results file, in mocha's stats shape. A suite whose stats are
// missing, that reports no tests, or that exits non-zero with no failure counted, counts as
// failed: a silently skipped suite must never look green.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

// Timeouts sized for a loaded 2-core machine (mocha's 2 s default fails there); --forbid-only so a
// stray `test.only` can never make a green run out of one test.
const mocha = ['node_modules/mocha/bin/mocha.js', '--ui', 'tdd', '--reporter', './scripts/mocha-reporter.mjs', '--timeout', '30000', '--forbid-only'];
const suites = [
	// The architecture's boundaries (eslint.config.mjs): one check, failed by any lint error.
	{ name: 'lint', args: ['node_modules/eslint/bin/eslint.js', '.'], check: true },
	{ name: 'unit', args: [...mocha, 'out/test/unit/**/*.test.js'] },
	{ name: 'protocol', args: [...mocha, 'out/test/protocol/**/*.test.js'] },
	// The web worker server (dist/web/server.js) in headless Chromium, as VS Code for the Web runs
	// it (test/web); uses the chromium + playwright-core the VS Code suites install.
	{ name: 'web', args: [...mocha, 'out/test/web/**/*.test.js'] },
	// A bounded, seeded fuzz run; `npm run fuzz -- --cases 100000` is the long one.
	{ name: 'fuzz', args: [...mocha, 'out/test/fuzz/fuzz.test.js'], env: { FUZZ_CASES: '2000' } },
	// Our evaluation against @cloud-copilot/iam-simulate (AGPL, test-only) on seeded random and real policies.
	{ name: 'differential', args: [...mocha, 'out/test/differential/differential.test.js'] },
	// A real VS Code (test/vscode/README.md): the extension-host suite with the project as the
	// development extension, then a user driving the workbench with the packaged .vsix installed.
	// Both print mocha's "N passing / N failing" and write stats; the first run installs code-server + chromium.
	{ name: 'vscode', args: ['test/vscode/run-host-tests.mjs'] },
	// Needs code-server + Debian's chromium: Linux only. Elsewhere it is reported as not run.
	{ name: 'vscode-ui', args: ['test/vscode/run-ui-tests.mjs'], platforms: ['linux'] },
	// The same user steps with the extension's browser entry in the web worker extension host.
	{ name: 'vscode-ui-web', args: ['test/vscode/run-ui-tests.mjs', '--web'], platforms: ['linux'] },
];

const only = process.argv.slice(2);
const selected = only.length > 0 ? suites.filter((s) => only.includes(s.name)) : suites;

mkdirSync('test-results', { recursive: true });

function run(suite) {
	const started = Date.now();
	const statsFile = `test-results/${suite.name}.stats.json`;
	rmSync(statsFile, { force: true });
	return new Promise((resolve) => {
		const child = spawn(suite.command ?? process.execPath, suite.args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...suite.env, MOCHA_STATS_FILE: statsFile } });
		child.stdout.on('data', (d) => process.stdout.write(d));
		child.stderr.on('data', (d) => process.stderr.write(d));
		child.on('close', (code) => {
			if (suite.check) {
				resolve({ name: suite.name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, exitCode: code, seconds: Math.round((Date.now() - started) / 100) / 10 });
				return;
			}
			// The suite's own count; no stats file means it never finished (or never ran a test).
			let stats;
			try {
				stats = existsSync(statsFile) ? JSON.parse(readFileSync(statsFile, 'utf8')) : undefined;
			} catch {
				stats = undefined;
			}
			const passed = Number(stats?.passes) || 0;
			let failed = Number(stats?.failures) || 0;
			const why = !stats ? 'no stats written' : !(stats.tests > 0) ? 'no test ran' : code !== 0 && failed === 0 ? `exit code ${code} with no failure counted` : undefined;
			if (why) {
				failed = Math.max(failed, 1);
				console.log(`[run-tests] ${suite.name}: counted as failed (${why})`);
			}
			resolve({ name: suite.name, passed, failed, exitCode: code, seconds: Math.round((Date.now() - started) / 100) / 10 });
		});
	});
}

const results = [];
const notRun = [];
for (const suite of selected) {
	if (suite.platforms && !suite.platforms.includes(process.platform)) {
		notRun.push({ name: suite.name, reason: `needs ${suite.platforms.join(' or ')}, this is ${process.platform}` });
		continue;
	}
	console.log(`\n=== ${suite.name} tests ===`);
	results.push(await run(suite));
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
writeFileSync('test-results/summary.json', JSON.stringify({ passed, failed, suites: results, notRun }, null, 2) + '\n');
console.log('');
for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed (${r.seconds}s)`);
for (const n of notRun) console.log(`${n.name}: NOT RUN (${n.reason})`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
