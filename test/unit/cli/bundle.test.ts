import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot, scenarioPolicy } from '../../support/fixtures';

/**
 * Smoke tests of the built bundle, dist/cli.js (npm test builds it first): the bin entry, its
 * version and its exit statuses. Everything else about the CLI is tested in process (cli.test.ts).
 */
suite('CLI bundle (dist/cli.js)', function () {
	this.timeout(60000);
	const bin = path.join(repoRoot, 'dist', 'cli.js');
	const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot, input: '' });

	test('--version prints the package version and the catalog it ships with', () => {
		const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version as string;
		const r = run('--version');
		assert.strictEqual(r.status, 0, r.stderr);
		assert.match(r.stdout, new RegExp(`^iam-restore-lint ${version.replace(/\./g, '\\.')}\\nAWS catalog of \\d{4}-\\d{2}-\\d{2}`));
	});

	test('exit statuses: 1 with findings, 2 on a usage error', () => {
		const dir = fs.mkdtempSync(path.join(repoRoot, 'test-results-bundle-'));
		try {
			fs.writeFileSync(path.join(dir, 'missing.json'), scenarioPolicy('veeam-aws-ec2-restore', ['iam:PassRole']));
			const findings = run('check', '--scenario', 'veeam-aws-ec2-restore', path.join(dir, 'missing.json'));
			assert.strictEqual(findings.status, 1, findings.stderr);
			assert.match(findings.stdout, /needs 1 more of its 56 actions: iam:PassRole/);
			const usage = run('check', '--format', 'nope', path.join(dir, 'missing.json'));
			assert.strictEqual(usage.status, 2);
			assert.match(usage.stderr, /^iam-restore-lint: /);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
