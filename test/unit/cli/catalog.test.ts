import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { policyText, repoRoot } from '../../support/fixtures';

function cli(cwd: string, ...args: string[]) {
	return spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { encoding: 'utf8', cwd });
}

suite('CLI and the AWS action catalog', () => {
	test('--version names the catalog, its date and size', () => {
		const r = cli(repoRoot, '--version');
		assert.strictEqual(r.status, 0);
		assert.match(r.stdout, /^iam-restore-lint \d+\.\d+\.\d+\nAWS catalog of \d{4}-\d{2}-\d{2} \(@cloud-copilot\/iam-data \d+\.\d+\.\d+\): \d{5} actions in \d{3} services\n$/);
	});

	test('check reports unknown actions with suggestions from the bundled catalog (JSON)', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-restore-lint-catalog-'));
		try {
			fs.writeFileSync(path.join(dir, 'p.json'), policyText([{ Effect: 'Allow', Action: ['ec2:DescribeInstance', 'iam:listroles'], Resource: '*' }]));
			const r = cli(dir, 'check', '--no-auto-detect', '--format', 'json', 'p.json');
			assert.strictEqual(r.status, 1, r.stderr);
			const findings = JSON.parse(r.stdout).files[0].findings as { code: string; severity: string; data?: Record<string, unknown> }[];
			assert.deepStrictEqual(
				findings.map((f) => [f.code, f.severity, f.data?.suggestions ?? f.data?.replacement]),
				[
					['action-unknown', 'warning', ['ec2:DescribeInstances']],
					['action-case', 'hint', 'iam:ListRoles'],
				],
			);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
