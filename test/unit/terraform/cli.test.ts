import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { repoRoot } from '../../support/fixtures';

interface ActionJson {
	action: string;
	status: string;
	by?: { file?: string; sid?: string; line: number }[];
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
	roles?: { name: string; line: number; column: number; policies: string[]; unresolved?: string[]; scenarios: ScenarioJson[] }[];
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

	test('a folder is a Terraform module: VeeamHub deploy_vbaws\'s default role with its ten policies read from the JSON files file() names, findings in those files', () => {
		// Before: every file() was an unresolved attachment and the role had no document of its own.
		const r = cli('--only', 'aws_iam_role.veeam_aws_default_role', '--scenario', 'veeam-aws-efs-restore', 'test/corpus/terraform/veeamhub-deploy-vbaws');
		assert.strictEqual(r.status, 1, r.stderr);
		const byPath = new Map(r.json.files.map((f) => [path.basename(f.path), f]));
		const role = byPath.get('main.tf')!.roles!.find((x) => x.name === 'aws_iam_role.veeam_aws_default_role')!;
		assert.strictEqual(role.policies.length, 10);
		assert.strictEqual(role.unresolved, undefined);
		const scenario = role.scenarios[0];
		assert.deepStrictEqual([scenario.id, scenario.satisfied, notGranted(scenario)], ['veeam-aws-efs-restore', false, ['elasticfilesystem:DescribeReplicationConfigurations:missing']]);
		// A granted action names the JSON file and line of the statement that grants it.
		const granted = scenario.actions.find((a) => a.action === 'elasticfilesystem:CreateFileSystem')!;
		assert.deepStrictEqual(granted.by!.map((b) => [path.basename(b.file!), b.line]), [['veeam-aws-efs-restore-policy.json', 4]]);
		// The missing action is reported in the policy JSON it would go into, on its "Action" key.
		const missing = byPath.get('veeam-aws-service-policy.json')!.findings.find((f) => f.code === 'scenario-missing')!;
		assert.deepStrictEqual([missing.line, missing.column], [6, 13]);
		assert.match(missing.message, /elasticfilesystem:DescribeReplicationConfigurations/);
		// A JSON file of the module keeps its own findings (grammar, catalog), at its own lines.
		assert.ok(byPath.get('veeam-aws-rds-restore-policy.json')!.findings.some((f) => f.code === 'action-case' && f.line === 33));
	});

	test('a module split over files: role, policies and attachments in sibling .tf files, documents via file("${path.module}/…") and templatefile(); the Deny in a JSON file decides', () => {
		const r = cli('test/fixtures/terraform/module');
		assert.strictEqual(r.status, 1, r.stderr);
		const byPath = new Map(r.json.files.map((f) => [path.basename(f.path), f]));
		assert.deepStrictEqual([...byPath.keys()].sort(), ['deny.json', 'policies.tf', 'restore.json', 'role.tf', 'trust.json']);
		const role = byPath.get('role.tf')!.roles![0];
		assert.deepStrictEqual([role.name, role.line, role.policies], ['aws_iam_role.restore', 4, ['aws_iam_policy.restore', 'aws_iam_policy.deny_scan']]);
		const scenario = role.scenarios[0];
		assert.deepStrictEqual([scenario.id, notGranted(scenario)], ['aws-dynamodb-aws-backup-restore', ['dynamodb:Scan:denied']]);
		assert.deepStrictEqual(scenario.actions.find((a) => a.action === 'dynamodb:Scan')!.by, [{ file: 'test/fixtures/terraform/module/deny.json', sid: 'NoScan', line: 4 }]);
		// templatefile's ${table_arn} is a deploy-time Resource, not "*" and not an error.
		assert.deepStrictEqual(byPath.get('restore.json')!.findings, []);
		const denied = byPath.get('deny.json')!.findings.find((f) => f.code === 'scenario-denied')!;
		assert.deepStrictEqual([denied.line, denied.column], [6, 17]);
		// The trust document read from trust.json lets AWS Backup assume the role: no trust finding.
		assert.ok(!r.json.files.some((f) => f.findings.some((x) => x.code === 'trust-principal-missing')));
	});
});
