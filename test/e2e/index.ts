/**
 * Entry point of the extension-host suite: VS Code loads this module (extensionTestsPath) inside
 * its extension host, with @vscode/test-electron on a desktop or code-server here, and calls
 * `run()`. A rejected promise is a failed run.
 *
 * Because an exit code does not travel reliably back out of a browser-hosted workbench, the
 * results are also written as JSON to $IAM_RESTORE_LINT_TEST_RESULTS, with mocha's own stats
 * (`stats`: tests, passes, failures, pending), which the launcher (test/vscode/run-host-tests.mjs)
 * hands to scripts/run-tests.mjs and prints as mocha's "N passing / N failing" summary.
 */
import * as fs from 'fs';
import * as path from 'path';
// mocha 12 is an ES module package; its CommonJS build is required directly so that this file
// loads in any extension host (Electron's Node included) without require(esm).
const Mocha: typeof import('mocha') = require('mocha/lib/mocha.cjs');

interface TestResult {
	title: string;
	state: 'passed' | 'failed' | 'pending';
	ms?: number;
	error?: string;
}

export function run(): Promise<void> {
	const resultsFile = process.env.IAM_RESTORE_LINT_TEST_RESULTS;
	const mocha = new Mocha({
		ui: 'tdd',
		reporter: 'spec',
		color: false,
		timeout: 60_000,
		// A skipped or .only test would make a green run that checked less: both count as failures.
		forbidPending: true,
		forbidOnly: true,
	});
	const grep = process.env.IAM_RESTORE_LINT_TEST_GREP;
	if (grep) mocha.grep(grep);
	for (const file of fs.readdirSync(__dirname).sort()) if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));

	const results = { passes: 0, failures: 0, pending: 0, tests: [] as TestResult[], node: process.version, stats: undefined as Mocha.Stats | undefined };
	const write = (extra: object = {}) => {
		if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ ...results, ...extra }, null, 2));
	};
	return new Promise((resolve, reject) => {
		try {
			const runner = mocha.run((failures) => {
				results.failures = failures;
				// Mocha's own count (its stats collector, as its reporters read it), not ours.
				results.stats = runner.stats ? { ...runner.stats } : undefined;
				write();
				if (failures > 0) reject(new Error(`${failures} test(s) failed`));
				else resolve();
			});
			runner.on('pass', (t) => {
				results.passes++;
				results.tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration });
			});
			runner.on('fail', (t, err: Error) => results.tests.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) }));
			runner.on('pending', (t) => {
				results.pending++;
				results.tests.push({ title: t.fullTitle(), state: 'pending' });
			});
		} catch (err) {
			write({ error: String((err as Error)?.stack ?? err) });
			reject(err);
		}
	});
}
