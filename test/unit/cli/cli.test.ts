import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../server/src/cli/main';
import { permissionPolicyParts, policyText as render, trustPolicy } from '../../../server/src/engine';
import { fixturePath, policyText, requirementSet, scenarioPolicy } from '../../support/fixtures';

/**
 * Runs the CLI in this process through `runCli`, as the bin entry does, in the scratch folder:
 * the test checks the source it was compiled from, not a bundle built at some other time. The
 * bundle itself gets a few smoke tests (bundle.test.ts, epipe.test.ts).
 */
function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
	const cwd = process.cwd();
	let stdout = '';
	let stderr = '';
	process.chdir(scratch);
	try {
		const code = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
		return { code, stdout, stderr };
	} finally {
		process.chdir(cwd);
	}
}

let scratch = '';
function write(name: string, content: string | Buffer): string {
	const file = path.join(scratch, name);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, content);
	return name;
}

suite('CLI', function () {
	// Each test spawns the CLI; on a loaded machine that takes longer than mocha's default 2 s.
	this.timeout(30000);
	suiteSetup(() => {
		scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-restore-lint-cli-'));
		write('complete.json', scenarioPolicy('veeam-aws-ec2-restore'));
		write('missing.json', scenarioPolicy('veeam-aws-ec2-restore', ['ec2:RunInstances', 'iam:PassRole']));
		write('folder/a.json', scenarioPolicy('veeam-aws-dynamodb-restore'));
		write('folder/package.json', JSON.stringify({ name: 'x' }));
		write('folder/nested/b.json', scenarioPolicy('veeam-aws-dynamodb-restore', ['kms:Decrypt']));
		write('folder/notes.txt', 'not json');
		write('folder/node_modules/c.json', scenarioPolicy('veeam-aws-dynamodb-restore', ['kms:Decrypt']));
		write('folder/blob.json', Buffer.from([0, 1, 2, 3]));
	});
	suiteTeardown(() => fs.rmSync(scratch, { recursive: true, force: true }));

	test('exit 0 when every scenario is satisfied', () => {
		const r = cli('check', '--scenario', 'veeam-aws-ec2-restore', 'complete.json');
		assert.strictEqual(r.code, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /ok {3}EC2 restore \(Veeam Backup for AWS 10\.0\.0\.232\): 56\/56 actions granted/);
	});

	test('exit 1 with findings; text groups them per file with line:column', () => {
		const r = cli('check', '--scenario', 'veeam-aws-ec2-restore', 'missing.json');
		assert.strictEqual(r.code, 1);
		assert.match(r.stdout, /^missing\.json\n {2}FAIL EC2 restore .*: 54\/56 actions granted\n {2}6:7 {2}error {7}EC2 restore .* needs 2 more of its 56 actions: ec2:RunInstances, iam:PassRole\. {2}\[scenario-missing\]/);
	});

	test('the summary line counts in words that agree with the number (1 error, 2 files)', () => {
		const one = cli('check', '--scenario', 'veeam-aws-ec2-restore', 'missing.json');
		assert.match(one.stdout, /\n1 file checked, 1 with unsatisfied scenarios; 1 error, 0 warnings, \d+ notes?\n$/);
		const two = cli('check', '--scenario', 'veeam-aws-ec2-restore', 'missing.json', 'complete.json');
		assert.match(two.stdout, /\n2 files checked, 1 with unsatisfied scenarios; 1 error, 0 warnings, \d+ notes?\n$/);
	});

	test('json: the shape README.md documents, one entry per required action', () => {
		const r = cli('check', '--scenario', 'veeam-aws-ec2-restore', '--format', 'json', 'missing.json');
		assert.strictEqual(r.code, 1);
		const report = JSON.parse(r.stdout);
		assert.strictEqual(report.files.length, 1);
		const file = report.files[0];
		assert.strictEqual(file.path, 'missing.json');
		assert.strictEqual(file.scenarios[0].id, 'veeam-aws-ec2-restore');
		assert.strictEqual(file.scenarios[0].satisfied, false);
		assert.strictEqual(file.scenarios[0].actions.length, 56);
		assert.deepStrictEqual(file.scenarios[0].actions.find((a: { action: string }) => a.action === 'iam:PassRole'), { action: 'iam:PassRole', status: 'missing', by: [] });
		assert.deepStrictEqual(file.scenarios[0].actions.find((a: { action: string }) => a.action === 'ec2:CreateTags'), { action: 'ec2:CreateTags', status: 'granted', by: [{ line: 4 }] });
		assert.deepStrictEqual(Object.keys(file.findings[0]).sort(), ['code', 'column', 'data', 'line', 'message', 'severity']);
		assert.deepStrictEqual([file.findings[0].code, file.findings[0].severity, file.findings[0].line, file.findings[0].column], ['scenario-missing', 'error', 6, 7]);
	});

	test('json: the canonical names of the seed\'s odd spellings', () => {
		const r = cli('check', '--scenario', 'veeam-vbr-ec2-restore', '--format', 'json', fixturePath('seeds', '004-veeam-vbr-ec2-permissions.json'));
		const actions = JSON.parse(r.stdout).files[0].scenarios[0].actions.map((a: { action: string }) => a.action);
		assert.ok(actions.includes('s3:PutLifecycleConfiguration') && actions.includes('s3:AbortMultipartUpload'));
	});

	test('sarif: 2.1.0 with rules, levels and regions', () => {
		const r = cli('check', '--scenario', 'veeam-aws-ec2-restore', '--format=sarif', 'missing.json');
		assert.strictEqual(r.code, 1);
		const sarif = JSON.parse(r.stdout);
		assert.strictEqual(sarif.version, '2.1.0');
		const run = sarif.runs[0];
		assert.strictEqual(run.tool.driver.name, 'iam-restore-lint');
		const result = run.results[0];
		assert.strictEqual(result.ruleId, 'scenario-missing');
		assert.strictEqual(run.tool.driver.rules[result.ruleIndex].id, 'scenario-missing');
		assert.strictEqual(result.level, 'error');
		assert.deepStrictEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'missing.json', uriBaseId: '%SRCROOT%' });
		assert.deepStrictEqual(result.locations[0].physicalLocation.region, { startLine: 6, startColumn: 7, endLine: 6, endColumn: 15 });
	});

	test('folders: policy JSON files only, skipping node_modules, non-policies and binaries', () => {
		const r = cli('check', '--format', 'json', 'folder');
		assert.strictEqual(r.code, 1, r.stderr);
		const paths = JSON.parse(r.stdout).files.map((f: { path: string }) => f.path.split(path.sep).join('/'));
		assert.deepStrictEqual(paths, ['folder/a.json', 'folder/nested/b.json']);
		assert.strictEqual(r.stderr, '');
	});

	test('a non-policy file named explicitly is reported with no scenarios and no findings', () => {
		const r = cli('check', '--format', 'json', 'folder/package.json');
		assert.strictEqual(r.code, 0);
		assert.deepStrictEqual(JSON.parse(r.stdout), { files: [{ path: 'folder/package.json', scenarios: [], findings: [] }] });
	});

	test('failing closed: with --scenario, a file without a policy is a no-policy error and exit 1 (README.md "Failing closed")', () => {
		write('emptied.json', '');
		write('get-policy-version.json', JSON.stringify({ PolicyVersionList: [], IsTruncated: false }));
		for (const file of ['emptied.json', 'get-policy-version.json', 'folder/package.json']) {
			const r = cli('check', '--scenario', 'veeam-aws-ec2-restore', '--format', 'json', file);
			assert.strictEqual(r.code, 1, `${file}: ${r.stdout}${r.stderr}`);
			const findings = JSON.parse(r.stdout).files[0].findings as { code: string; severity: string; message: string }[];
			assert.deepStrictEqual(findings.map((f) => [f.code, f.severity]), [['no-policy', 'error']], file);
			assert.match(findings[0].message, /No IAM policy found in this file .*EC2 restore \(Veeam Backup for AWS 10\.0\.0\.232\): nothing was checked/);
		}
		const text = cli('check', '--scenario', 'veeam-aws-ec2-restore', 'emptied.json');
		assert.match(text.stdout, /1:1 +error +No IAM policy found in this file \(it is empty\)/);
		// Without scenarios asked for, JSON that is not a policy still gets nothing at all.
		const quiet = cli('check', '--format', 'json', 'emptied.json');
		assert.strictEqual(quiet.code, 0);
		assert.deepStrictEqual(JSON.parse(quiet.stdout).files[0].findings, []);
	});

	test('failing closed: a folder in which no policy is found exits 1 when scenarios were asked for, 0 otherwise', () => {
		write('nopolicies/package.json', JSON.stringify({ name: 'x' }));
		write('nopolicies/data/tsconfig.json', JSON.stringify({ compilerOptions: {} }));
		const r = cli('check', '--scenario', 'veeam-aws-ec2-restore', 'nopolicies');
		assert.strictEqual(r.code, 1, r.stdout + r.stderr);
		assert.match(r.stderr, /nopolicies: no IAM policy found in 2 \.json files, but scenarios were asked for: nothing was checked, so this fails/);
		const without = cli('check', 'nopolicies');
		assert.strictEqual(without.code, 0, without.stdout + without.stderr);
		assert.strictEqual(without.stderr, '');
	});

	test('--requirement-set FILE (repeatable) adds the user\'s scenarios, validated with the editor\'s messages', () => {
		const own = { ...requirementSet('aws-dynamodb-backup-restore'), id: 'my-app-restore', title: 'My app: restore', shortTitle: 'My app restore' };
		delete (own as { $schema?: string }).$schema;
		write('sets/mine.json', JSON.stringify(own, null, 2));
		write('dynamo.json', scenarioPolicy('aws-dynamodb-backup-restore'));
		const ok = cli('check', '--requirement-set', 'sets/mine.json', '--scenario', 'my-app-restore', 'dynamo.json');
		assert.strictEqual(ok.code, 0, ok.stdout + ok.stderr);
		assert.match(ok.stdout, /ok {3}My app restore/);
		write('sets/broken.json', JSON.stringify({ ...own, id: 'veeam-aws-ec2-restore' }, null, 2));
		write('sets/invalid.json', '{\n  "id": "x",\n  "actions": 3\n}\n');
		const bad = cli('check', '--requirement-set', 'sets/broken.json', '--requirement-set', 'sets/invalid.json', '--requirement-set', 'sets/none.json', 'dynamo.json');
		assert.strictEqual(bad.code, 2, bad.stdout + bad.stderr);
		assert.match(bad.stderr, /sets\/broken\.json:2:3: Scenario id "veeam-aws-ec2-restore" is a built-in scenario; choose another id\./);
		assert.match(bad.stderr, /sets\/invalid\.json:\d+:\d+: Requirement set does not match schemas\/requirement-set\.schema\.json: /);
		assert.match(bad.stderr, /requirement set sets\/none\.json: no such file or folder/);
		// Failing closed: the scenario a missing or broken file should define is never silently skipped.
		for (const file of ['sets/none.json', 'sets/invalid.json']) {
			const asked = cli('check', '--requirement-set', file, '--scenario', 'my-app-restore', 'dynamo.json');
			assert.strictEqual(asked.code, 2, asked.stdout + asked.stderr);
			assert.match(asked.stderr, file === 'sets/none.json' ? /requirement set sets\/none\.json: no such file or folder/ : /sets\/invalid\.json:\d+:\d+: Requirement set does not match/);
			assert.doesNotMatch(asked.stdout, /\bok\b/);
		}
		const twice = cli('check', '--requirement-set', 'sets/mine.json', '--requirement-set=sets/mine.json', 'dynamo.json');
		assert.strictEqual(twice.code, 2);
		assert.match(twice.stderr, /scenario id "my-app-restore" is already defined by sets\/mine\.json/);
	});

	test('usage errors exit 2 with a message', () => {
		for (const args of [[], ['check'], ['check', '--format', 'xml', 'a.json'], ['lint', 'a.json'], ['check', '--bogus', 'a.json'], ['check', '--scenario']]) {
			const r = cli(...args);
			assert.strictEqual(r.code, 2, args.join(' '));
			assert.match(r.stdout + r.stderr, /Usage: iam-restore-lint check/);
		}
	});

	test('an unknown scenario exits 2 and lists the known ones', () => {
		const r = cli('check', '--scenario', 'veeam-ec2', 'complete.json');
		assert.strictEqual(r.code, 2);
		assert.match(r.stderr, /unknown scenario "veeam-ec2"; known: veeam-aws-dynamodb-restore, /);
	});

	test('unreadable and binary files get a one-line error and exit 2; the rest is still checked', () => {
		const r = cli('check', 'nope.json', 'folder/blob.json', 'complete.json');
		assert.strictEqual(r.code, 2);
		assert.deepStrictEqual(r.stderr.trim().split('\n'), ['iam-restore-lint: nope.json: no such file or folder', 'iam-restore-lint: folder/blob.json: not a text file (binary data)']);
		assert.match(r.stdout, /complete\.json/);
	});

	test('empty, 2 MB and 10,000-deep files: findings or silence, never a stack trace', () => {
		write('empty.json', '');
		write('big.json', policyText([{ Effect: 'Allow', Action: Array.from({ length: 80000 }, (_, i) => `ec2:Describe${i}`), Resource: '*' }]));
		write('deep.json', `{"Statement": ${'['.repeat(10000)}${']'.repeat(10000)}}`);
		const r = cli('check', '--format', 'json', 'empty.json', 'big.json', 'deep.json');
		assert.strictEqual(r.stderr, '');
		const files = JSON.parse(r.stdout).files;
		assert.deepStrictEqual(files[0], { path: 'empty.json', scenarios: [], findings: [] }, 'no scenario asked for: an empty file is silence');
		assert.strictEqual(files[1].policyKind, 'identity');
		assert.deepStrictEqual(files[2].findings.map((f: { code: string }) => f.code), ['nesting-too-deep']);
	});

	test('--fix writes the safe fixes, reports them, and leaves a file that then passes', () => {
		write('tofix.json', '{\n  "Statement": [\n    { "Effect": "Allow", "Action": ["ec2:DescribeRegions",], "Resource": "\\*" }\n  ]\n}\n');
		const r = cli('check', '--fix', '--scenario', 'veeam-aws-ec2-restore', 'tofix.json');
		assert.strictEqual(r.code, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /fixed: .*Remove the trailing comma/);
		const fixed = fs.readFileSync(path.join(scratch, 'tofix.json'), 'utf8');
		assert.ok(fixed.startsWith('{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", "Action": ['), fixed);
		assert.strictEqual(JSON.parse(fixed).Statement[0].Action.length, 56);
		const again = cli('check', '--fix', '--scenario', 'veeam-aws-ec2-restore', '--format', 'json', 'tofix.json');
		assert.strictEqual(again.code, 0);
		assert.strictEqual(JSON.parse(again.stdout).files[0].fixed, undefined, 'nothing left to fix');
		assert.strictEqual(fs.readFileSync(path.join(scratch, 'tofix.json'), 'utf8'), fixed);
	});

	test('--fix never lifts a Deny and never writes a non-policy', () => {
		const denied = policyText([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }]);
		write('denied.json', denied);
		const r = cli('check', '--fix', '--scenario', 'veeam-aws-ec2-restore', 'denied.json', 'folder/package.json');
		assert.strictEqual(r.code, 1);
		assert.strictEqual(fs.readFileSync(path.join(scratch, 'denied.json'), 'utf8'), denied);
		assert.strictEqual(fs.readFileSync(path.join(scratch, 'folder/package.json'), 'utf8'), JSON.stringify({ name: 'x' }));
	});

	test('--role: three policy files and a trust policy checked as one role; JSON names the deciding file', () => {
		const set = requirementSet('veeam-aws-full-list');
		permissionPolicyParts(set).forEach((p, i) => write(`role/part${i + 1}.json`, render(p.policy)));
		write('role/trust.json', render(trustPolicy(set)!));
		write('role/role.json', JSON.stringify({ name: 'VeeamFullList', policies: ['part1.json', 'part2.json', 'part3.json'], trust: 'trust.json', scenarios: ['veeam-aws-full-list'] }));
		write('role/two.json', JSON.stringify({ name: 'Two', policies: ['part1.json', 'part2.json'], scenarios: ['veeam-aws-full-list'] }));
		const ok = cli('check', '--role', 'role/role.json');
		assert.strictEqual(ok.code, 0, ok.stdout + ok.stderr);
		assert.match(ok.stdout, /^role VeeamFullList \(role\/role\.json\): role\/part1\.json, role\/part2\.json, role\/part3\.json, role\/trust\.json\n {2}ok {3}Full list .*: 450\/450 actions granted by the role, trust 3\/3/);
		const json = JSON.parse(cli('check', '--role', 'role/two.json', '--format', 'json').stdout);
		assert.strictEqual(json.roles[0].satisfied, false);
		const redshift = json.roles[0].scenarios[0].actions.find((a: { action: string }) => a.action === 'redshift:ModifyCluster');
		assert.deepStrictEqual(redshift, { action: 'redshift:ModifyCluster', status: 'missing', by: [] });
		const granted = json.roles[0].scenarios[0].actions.find((a: { status: string; by: { file: string }[] }) => a.status === 'granted' && a.by[0].file === path.join('role', 'part2.json'));
		assert.ok(granted, 'a grant decided by the second file');
		assert.strictEqual(json.files.length, 2);
		assert.strictEqual(cli('check', '--role', 'role/two.json').code, 1);
	});

	test('--role with a broken or missing role file exits 2 with a message', () => {
		write('role/bad.json', '{"policies": []}');
		const r = cli('check', '--role', 'role/bad.json', '--role', 'role/none.json');
		assert.strictEqual(r.code, 2);
		assert.match(r.stderr, /role role\/bad\.json: "policies" must list at least one policy file/);
		assert.match(r.stderr, /role role\/none\.json: no such file or folder/);
	});

	test('scenarios lists every id with its size; --version and --help exit 0', () => {
		const r = cli('scenarios');
		assert.strictEqual(r.code, 0);
		assert.strictEqual(r.stdout.trim().split('\n').length, 33);
		assert.match(r.stdout, /veeam-aws-ec2-restore\s+56 actions/);
		// In process the version is the sources' ("dev"); bundle.test.ts checks the built one.
		assert.match(cli('--version').stdout, /^iam-restore-lint (\d+\.\d+\.\d+|dev)\n/);
		assert.strictEqual(cli('--help').code, 0);
	});
});
