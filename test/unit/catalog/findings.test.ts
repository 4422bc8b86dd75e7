import * as assert from 'assert';
import * as fs from 'fs';
import { Analysis, DiagnosticCode, Finding } from '../../../server/src/engine';
import { catalogChecker } from '../../support/catalog';
import { cpuRatio } from '../../support/timing';
import { analyze as analyzeWithoutCatalog, fixturePath, policyText, readFixture, spanText } from '../../support/fixtures';

const CATALOG_CODES = new Set<string>([DiagnosticCode.ActionUnknownService, DiagnosticCode.ActionUnknown, DiagnosticCode.ActionCase, DiagnosticCode.ActionWildcardNoMatch]);

function analyze(text: string, scenarios?: string[]): Analysis {
	return catalogChecker.analyze(text, { scenarios, autoDetect: false });
}

function allow(action: unknown, resource: unknown = '*', extra: Record<string, unknown> = {}): string {
	return policyText([{ Effect: 'Allow', Action: action, Resource: resource, ...extra }]);
}

function only(a: Analysis, code: DiagnosticCode): Finding {
	const found = a.findings.filter((f) => f.code === code);
	assert.strictEqual(found.length, 1, `${code} in ${JSON.stringify(a.findings.map((f) => f.code))}`);
	return found[0];
}

function none(a: Analysis, code: DiagnosticCode): void {
	assert.deepStrictEqual(a.findings.filter((f) => f.code === code).map((f) => f.message), []);
}

suite('catalog findings', () => {
	test('canonical real names, wildcards that match and "*" get no catalog finding', () => {
		const a = analyze(allow(['ec2:RunInstances', 'ec2:Describe*', 'kms:Re?ncrypt*', 's3:*', '*', 'vpc-lattice:AssociateViaAWSService-EventsAndStates']));
		assert.deepStrictEqual(a.findings.filter((f) => CATALOG_CODES.has(f.code)), []);
	});

	test('unknown service prefix: warning with the closest prefixes and the action under them', () => {
		const a = analyze(allow(['dynamdb:GetItem', 'ec2:RunInstances']));
		const f = only(a, DiagnosticCode.ActionUnknownService);
		assert.strictEqual(f.severity, 'warning');
		assert.strictEqual(spanText(a, f), '"dynamdb:GetItem"');
		assert.match(f.message, /^Unknown service prefix "dynamdb" in "dynamdb:GetItem": no AWS service has it \(AWS catalog of \d{4}-\d{2}-\d{2} .*\), so this grants nothing\. Did you mean "dynamodb:GetItem"\?$/);
		assert.deepStrictEqual(f.data, { service: 'dynamdb', services: ['dynamodb'], suggestions: ['dynamodb:GetItem'] });
		// A wildcard under an unknown prefix is reported once, as an unknown service.
		const w = analyze(allow('nosuchsvc:Get*'));
		only(w, DiagnosticCode.ActionUnknownService);
		none(w, DiagnosticCode.ActionWildcardNoMatch);
	});

	test('unknown action: warning with "did you mean" and the suggestions for a quick fix', () => {
		const a = analyze(allow(['ec2:DescribeInstance', 'dynamodb:RestoreTableFromBakup']));
		const [first, second] = a.findings.filter((f) => f.code === DiagnosticCode.ActionUnknown);
		assert.strictEqual(first.severity, 'warning');
		assert.strictEqual(spanText(a, first), '"ec2:DescribeInstance"');
		assert.match(first.message, /^"ec2:DescribeInstance" is not an action of Amazon EC2 \(AWS catalog of .*\): it grants nothing\. Did you mean "ec2:DescribeInstances"\?$/);
		assert.deepStrictEqual(first.data, { suggestions: ['ec2:DescribeInstances'] });
		assert.ok((second.data!.suggestions as string[]).includes('dynamodb:RestoreTableFromBackup'));
	});

	test('non-canonical casing: a hint with the canonical name as replacement, for the seeds\' own spellings', () => {
		const ec2 = catalogChecker.analyze(readFixture('seeds', '003-veeam-ec2-permissions.json'), { scenarios: ['veeam-aws-ec2-restore'] });
		const f = only(ec2, DiagnosticCode.ActionCase);
		assert.strictEqual(f.severity, 'hint');
		assert.strictEqual(spanText(ec2, f), '"iam:listInstanceProfiles"');
		assert.deepStrictEqual(f.data, { replacement: 'iam:ListInstanceProfiles' });
		assert.match(f.message, /AWS writes "iam:listInstanceProfiles" as "iam:ListInstanceProfiles"/);
		// VBR's page writes three names its own way, all in one statement: one hint, fixed at once.
		const vbr = catalogChecker.analyze(readFixture('seeds', '004-veeam-vbr-ec2-permissions.json'), { scenarios: ['veeam-vbr-ec2-restore'] });
		const hint = only(vbr, DiagnosticCode.ActionCase);
		assert.strictEqual(spanText(vbr, hint), '"s3:PutLifeCycleConfiguration"');
		assert.deepStrictEqual(hint.data!.replacements, ['s3:PutLifecycleConfiguration', 's3:AbortMultipartUpload', 's3:ListBucketMultipartUploads']);
		assert.deepStrictEqual(
			(hint.data!.spans as { offset: number; length: number }[]).map((sp) => vbr.text.slice(sp.offset, sp.offset + sp.length)),
			['"s3:PutLifeCycleConfiguration"', '"s3:AbortMultiPartUpload"', '"s3:ListBucketMultiPartUploads"'],
		);
		assert.match(hint.message, /^AWS writes 3 action names of statement .* otherwise: "s3:PutLifeCycleConfiguration" as "s3:PutLifecycleConfiguration", /);
		assert.strictEqual(hint.related!.length, 3);
	});

	test('casing hints collapse to one finding per statement, whatever the count; the message stays short', () => {
		const names = catalogChecker.getCatalog()!.expand('ec2:Describe*');
		const n = names.length;
		assert.ok(n > 100, `${n} ec2:Describe* actions`);
		const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: names.map((n) => n.toLowerCase()), Resource: '*' }, { Sid: 'B', Effect: 'Allow', Action: ['iam:listroles', 'iam:getrole'], Resource: '*' }] }, null, 2);
		const a = catalogChecker.analyze(text, { autoDetect: false });
		const hints = a.findings.filter((f) => f.code === DiagnosticCode.ActionCase);
		assert.strictEqual(hints.length, 2);
		assert.strictEqual((hints[0].data!.replacements as string[]).length, n);
		assert.match(hints[0].message, new RegExp(`^AWS writes ${n} action names of statement "A" otherwise: .*, and ${n - 5} more\\.`));
		assert.ok(a.findings.every((f) => f.message.length < 2000));
		assert.ok(!a.findings.some((f) => f.code === DiagnosticCode.ActionUnknown), 'casing does not eat the budget of unknown names');
	});

	test('the seed policies name no unknown service or action', () => {
		for (const name of fs.readdirSync(fixturePath('seeds'))) {
			const a = catalogChecker.analyze(readFixture('seeds', name));
			const unknown = a.findings.filter((f) => f.code !== DiagnosticCode.ActionCase && CATALOG_CODES.has(f.code));
			assert.deepStrictEqual(unknown.map((f) => f.message), [], name);
		}
	});

	test('a wildcard that matches no action: warning', () => {
		const a = analyze(allow(['ec2:Descibe*', 'ec2:DescribeInstances']));
		const f = only(a, DiagnosticCode.ActionWildcardNoMatch);
		assert.strictEqual(f.severity, 'warning');
		assert.strictEqual(spanText(a, f), '"ec2:Descibe*"');
		assert.match(f.message, /^"ec2:Descibe\*" matches no action \(AWS catalog of .*\): it grants nothing\.$/);
	});

	test('a generated list of 80,000 unknown names gets 200 findings and one summary, quickly', () => {
		const names = (n: number) => Array.from({ length: n }, (_, i) => `ec2:Describe${i}`);
		const [small, large] = [allow(names(8000)), allow(names(80000))];
		const a = analyze(large);
		// Linear in the number of names: ten times as many, about ten times the CPU (quadratic: 100).
		const { ratio, summary } = cpuRatio(() => analyze(large), () => analyze(small));
		assert.ok(ratio < 30, summary);
		const unknown = a.findings.filter((f) => f.code === DiagnosticCode.ActionUnknown);
		assert.strictEqual(unknown.length, 201);
		assert.deepStrictEqual(unknown[200].data, { unreported: 79800 });
		assert.strictEqual(unknown[200].severity, 'information');
	});

	test('without a catalog, no catalog findings (the engine runs with nothing but its inputs)', () => {
		const a = analyzeWithoutCatalog(allow(['dynamdb:GetItem', 'ec2:DescribeInstance', 'iam:listroles', 'ec2:Descibe*']));
		assert.deepStrictEqual(a.findings.filter((f) => CATALOG_CODES.has(f.code)), []);
	});
});

suite('redundant actions', () => {
	test('one hint per statement listing every entry a wildcard of the same list covers', () => {
		const text = policyText([
			{ Sid: 'Read', Effect: 'Allow', Action: ['ec2:Describe*', 'ec2:DescribeInstances', 's3:GetObject', 'ec2:describevolumes'], Resource: '*' },
			{ Sid: 'Kms', Effect: 'Allow', Action: ['kms:*', 'kms:Decrypt'], Resource: '*' },
			{ Sid: 'Fine', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' },
		]);
		const a = analyze(text);
		const found = a.findings.filter((f) => f.code === DiagnosticCode.ActionRedundant);
		assert.strictEqual(found.length, 2);
		const [read, kms] = found;
		assert.strictEqual(read.severity, 'hint');
		assert.strictEqual(spanText(a, read), '"Action"');
		assert.strictEqual(
			read.message,
			'2 entries in "Action" of statement "Read" are already covered by a wildcard in the same list: ec2:DescribeInstances (by "ec2:Describe*"), ec2:describevolumes (by "ec2:Describe*").',
		);
		assert.deepStrictEqual(read.data?.actions, ['ec2:DescribeInstances', 'ec2:describevolumes']);
		assert.deepStrictEqual(read.data?.coveredBy, ['ec2:Describe*', 'ec2:Describe*']);
		assert.deepStrictEqual((read.data?.spans as { offset: number; length: number }[]).map((s) => a.text.substr(s.offset, s.length)), ['"ec2:DescribeInstances"', '"ec2:describevolumes"']);
		assert.deepStrictEqual(read.related?.map((r) => spanText(a, { ...read, span: r.span })), ['"ec2:DescribeInstances"', '"ec2:describevolumes"']);
		assert.strictEqual(kms.data?.statement, 1);
		assert.deepStrictEqual(kms.data?.actions, ['kms:Decrypt']);
	});

	test('"*" makes every other entry redundant; of two wildcards covering each other only the later; exact duplicates are left to action-duplicate', () => {
		assert.deepStrictEqual(only(analyze(allow(['*', 's3:GetObject', 'ec2:Run*'])), DiagnosticCode.ActionRedundant).data?.actions, ['s3:GetObject', 'ec2:Run*']);
		assert.deepStrictEqual(only(analyze(allow(['ec2:Get*', 'ec2:Get**'])), DiagnosticCode.ActionRedundant).data?.actions, ['ec2:Get**']);
		const dup = analyze(allow(['ec2:Get*', 'ec2:get*']));
		none(dup, DiagnosticCode.ActionRedundant);
		only(dup, DiagnosticCode.ActionDuplicate);
	});

	test('NotAction lists too; no catalog needed', () => {
		const text = policyText([{ Effect: 'Deny', NotAction: ['iam:*', 'iam:PassRole'], Resource: '*' }]);
		assert.match(only(analyzeWithoutCatalog(text), DiagnosticCode.ActionRedundant).message, /1 entry in "NotAction" of statement 1 is already covered/);
	});
});

suite('iam:PassRole on every resource', () => {
	test('a warning without a scenario that needs it, on the entry that grants it', () => {
		const a = analyze(allow(['ec2:RunInstances', 'iam:PassRole']));
		const f = only(a, DiagnosticCode.PassRoleWildcardResource);
		assert.strictEqual(f.severity, 'warning');
		assert.strictEqual(spanText(a, f), '"iam:PassRole"');
		assert.match(f.message, /^iam:PassRole on "Resource": "\*" \(statement 1\) lets the principal pass any role, including more privileged ones, to any AWS service; IAM Access Analyzer warns about it\. List the role ARNs/);
		assert.deepStrictEqual(f.data, { scenarios: [], statement: 0 });
	});

	test('information that says why when a checked scenario requires it (the Veeam restore roles)', () => {
		const a = analyze(allow(['ec2:RunInstances', 'iam:PassRole']), ['veeam-aws-ec2-restore']);
		const f = only(a, DiagnosticCode.PassRoleWildcardResource);
		assert.strictEqual(f.severity, 'information');
		assert.match(f.message, /Expected here: EC2 restore \(Veeam Backup for AWS 10\.0\.0\.232\) requires iam:PassRole, and its source grants it on "\*"\./);
		assert.deepStrictEqual(f.data, { scenarios: ['veeam-aws-ec2-restore'], statement: 0 });
	});

	test('wildcards and NotAction that grant it count; scoped roles, iam:PassedToService conditions, Deny and trust policies do not', () => {
		const star = analyze(allow(['iam:*']));
		assert.strictEqual(spanText(star, only(star, DiagnosticCode.PassRoleWildcardResource)), '"iam:*"');
		assert.match(only(analyze(allow('*')), DiagnosticCode.PassRoleWildcardResource).message, /^"\*" grants iam:PassRole/);
		const notAction = analyze(policyText([{ Effect: 'Allow', NotAction: ['s3:*'], Resource: '*' }]));
		assert.strictEqual(spanText(notAction, only(notAction, DiagnosticCode.PassRoleWildcardResource)), '"NotAction"');
		none(analyze(allow('iam:PassRole', 'arn:aws:iam::123456789012:role/VeeamRestore')), DiagnosticCode.PassRoleWildcardResource);
		none(analyze(allow('iam:PassRole', '*', { Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } })), DiagnosticCode.PassRoleWildcardResource);
		none(analyze(policyText([{ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }])), DiagnosticCode.PassRoleWildcardResource);
		none(analyze(allow('s3:GetObject')), DiagnosticCode.PassRoleWildcardResource);
	});
});
