import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { repoRoot } from '../../support/fixtures';

interface ActionJson {
	action: string;
	status: string;
}
interface ScenarioJson {
	id: string;
	satisfied: boolean;
	actions: ActionJson[];
}
interface FileJson {
	path: string;
	scenarios: ScenarioJson[];
	policies?: { name: string; kind: string; line: number; column: number; scenarios: ScenarioJson[] }[];
	roles?: { name: string; line: number; column: number; policies: string[]; scenarios: ScenarioJson[] }[];
	findings: { code: string; line: number; column: number; message: string }[];
}

function cli(...args: string[]): { status: number | null; json: { files: FileJson[] }; stderr: string } {
	const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'check', '--format', 'json', ...args], { encoding: 'utf8', cwd: repoRoot });
	return { status: r.status, json: JSON.parse(r.stdout), stderr: r.stderr };
}

const notGranted = (s: ScenarioJson) => s.actions.filter((a) => a.status !== 'granted').map((a) => `${a.action}:${a.status}`);

suite('CLI on Terraform (dist/cli.js)', () => {
	test('per-role statuses in the CLI\'s JSON shape (README.md): files[].roles[] and files[].policies[]', () => {
		const r = cli('test/fixtures/terraform/heredoc-policy.tf', 'test/fixtures/terraform/managed-arn.tf', 'test/fixtures/terraform/boundary.tf');
		assert.strictEqual(r.status, 1, r.stderr);
		const [heredoc, managed, boundary] = r.json.files;
		assert.deepStrictEqual(heredoc.roles!.map((x) => [x.name, x.line, x.column, x.policies]), [['aws_iam_role.restore', 2, 25, ['aws_iam_policy.restore']]]);
		assert.deepStrictEqual(heredoc.roles![0].scenarios.map((s) => [s.id, s.satisfied, notGranted(s)]), [['aws-dynamodb-aws-backup-restore', false, ['dynamodb:Query:missing', 'dynamodb:Scan:missing']]]);
		assert.ok(heredoc.policies!.some((p) => p.name === 'aws_iam_policy.restore' && p.kind === 'identity'));
		const missing = heredoc.findings.find((f) => f.code === 'scenario-missing')!;
		assert.strictEqual(missing.line, 27);
		assert.deepStrictEqual(managed.roles![0].scenarios.map((s) => [s.id, s.satisfied]), [['aws-dynamodb-aws-backup-restore', true]]);
		assert.deepStrictEqual(boundary.roles![0].scenarios.map(notGranted), [['dynamodb:RestoreTableFromAwsBackup:denied']]);
	});

	test('a folder run reads the .tf files; the real corpus gives statuses for its roles; a file without IAM is skipped in a folder and fails closed when named', () => {
		const r = cli('--scenario', 'aws-dynamodb-aws-backup-restore', 'test/corpus/terraform/lgallard-terraform-aws-backup');
		const byPath = new Map(r.json.files.map((f) => [path.basename(f.path), f]));
		const iam = byPath.get('iam.tf')!;
		assert.deepStrictEqual(iam.roles!.map((x) => x.name), ['aws_iam_role.ab_role', 'aws_iam_role.restore_testing_role']);
		for (const role of iam.roles!) assert.strictEqual(role.scenarios[0].actions.length, 4);
		// main.tf and restore_testing.tf hold no IAM: a folder run lists only the files that hold policies.
		assert.ok(!byPath.has('main.tf') && !byPath.has('restore_testing.tf'));
		assert.strictEqual(r.status, 1);
		// Named alone with a scenario asked for, a Terraform file without IAM fails closed (README.md "Failing closed").
		const alone = cli('--scenario', 'aws-dynamodb-aws-backup-restore', 'test/corpus/terraform/lgallard-terraform-aws-backup/main.tf');
		assert.deepStrictEqual(alone.json.files[0].findings.map((f) => f.code), ['no-policy']);
		assert.strictEqual(alone.status, 1);
	});
});
