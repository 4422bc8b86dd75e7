import * as assert from 'assert';
import { ParseError, parseTree } from 'jsonc-parser';
import { applyTextEdits } from '../../../server/src/engine/edits';
import { fixAll, getFixes } from '../../../server/src/engine';
import { catalogChecker } from '../../support/catalog';
import { analyze, checker, readFixture, spanText } from '../../support/fixtures';

function parseErrors(text: string, comments = true): ParseError[] {
	const errors: ParseError[] = [];
	parseTree(text, errors, { allowTrailingComma: false, disallowComments: !comments });
	return errors;
}

/**
 * Round trip: text → findings → the fix for `code` → apply → expected text; then the
 * finding is gone, the text parses, and the fix is not offered again (idempotent).
 */
function roundTrip(text: string, code: string, expected: string, scenarios?: string[], title?: RegExp): void {
	const before = analyze(text, scenarios);
	const finding = before.findings.find((f) => f.code === code);
	assert.ok(finding, `no ${code} in ${before.findings.map((f) => f.code).join(', ')}`);
	const fixes = getFixes(before, finding);
	assert.ok(fixes.length > 0, `no fix for ${code}`);
	const fix = title ? fixes.find((f) => title.test(f.title))! : fixes[0];
	assert.ok(fix, `no fix titled ${title}`);
	const after = applyTextEdits(text, fix.edits);
	assert.strictEqual(after, expected);
	assert.deepStrictEqual(parseErrors(after), [], 'the result parses');
	const again = analyze(after, scenarios);
	assert.ok(!again.findings.some((f) => f.code === code && f.span.offset === finding.span.offset), `${code} is gone`);
	const second = again.findings.filter((f) => f.code === code).flatMap((f) => getFixes(again, f));
	assert.deepStrictEqual(second.filter((f) => f.title === fix.title), [], 'applying it twice changes nothing');
}

const WORKERS = ['veeam-aws-ec2-restore-workers'];
const tiny = (actions: string) => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [${actions}], "Resource": "*"}]}`;

suite('quick fixes', () => {
	suite('add the missing actions of a scenario', () => {
		test('into a sorted, multi-line array with tabs and CRLF, in sorted places, keeping comments', () => {
			const text = [
				'{',
				'\t// Veeam worker role',
				'\t"Version": "2012-10-17",',
				'\t"Statement": [',
				'\t\t{',
				'\t\t\t"Effect": "Allow",',
				'\t\t\t"Action": [',
				'\t\t\t\t"ec2:CreateKeyPair", // keys for workers',
				'\t\t\t\t"ec2:DeleteKeyPair",',
				'\t\t\t\t"ec2:DescribeAccountAttributes",',
				'\t\t\t\t"iam:GetRole",',
				'\t\t\t\t"iam:ListInstanceProfilesForRole",',
				'\t\t\t\t"servicequotas:ListServiceQuotas",',
				'\t\t\t\t"sqs:CreateQueue",',
				'\t\t\t\t"sqs:DeleteQueue",',
				'\t\t\t\t"sqs:ListQueues",',
				'\t\t\t\t"sqs:ReceiveMessage",',
				'\t\t\t\t"sqs:SendMessage",',
				'\t\t\t\t"sqs:SetQueueAttributes",',
				'\t\t\t\t"ssm:GetCommandInvocation"',
				'\t\t\t],',
				'\t\t\t"Resource": "*"',
				'\t\t}',
				'\t]',
				'}',
			].join('\r\n');
			const expected = text
				.replace('"sqs:CreateQueue",\r\n', '"sqs:CreateQueue",\r\n\t\t\t\t"sqs:DeleteMessage",\r\n')
				.replace('"ssm:GetCommandInvocation"', '"ssm:GetCommandInvocation",\r\n\t\t\t\t"ssm:GetParameter",\r\n\t\t\t\t"ssm:SendCommand"');
			roundTrip(text, 'scenario-missing', expected, WORKERS, /Add the 3 missing actions of EC2 restore workers to statement 1/);
		});

		test('into an unsorted array: appended alphabetically', () => {
			roundTrip(
				tiny('"dynamodb:Scan", "dynamodb:Query"'),
				'scenario-missing',
				tiny('"dynamodb:Scan", "dynamodb:Query", "dynamodb:DescribeTable", "dynamodb:RestoreTableFromAwsBackup"'),
				['aws-dynamodb-aws-backup-restore'],
			);
		});

		test('minified one-line JSON stays on one line', () => {
			const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:DescribeTable","dynamodb:Query"],"Resource":"*"}]}';
			roundTrip(text, 'scenario-missing', text.replace('"dynamodb:Query"]', '"dynamodb:Query","dynamodb:RestoreTableFromAwsBackup","dynamodb:Scan"]'), ['aws-dynamodb-aws-backup-restore']);
		});

		test('a single Action string becomes an array', () => {
			const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "dynamodb:Query",\n      "Resource": "*"\n    }\n  ]\n}';
			const expected = text.replace(
				'"Action": "dynamodb:Query"',
				'"Action": [\n        "dynamodb:DescribeTable",\n        "dynamodb:Query",\n        "dynamodb:RestoreTableFromAwsBackup",\n        "dynamodb:Scan"\n      ]',
			);
			roundTrip(text, 'scenario-missing', expected, ['aws-dynamodb-aws-backup-restore']);
		});

		test('no fitting statement (only scoped or conditional Allows): a new statement with a meaningful Sid', () => {
			const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "Keys",\n      "Effect": "Allow",\n      "Action": "kms:Decrypt",\n      "Resource": "arn:aws:kms:*:*:key/*"\n    }\n  ]\n}';
			const after = text.replace(
				'    }\n  ]',
				'    },\n    {\n      "Sid": "AwsDynamodbAwsBackupRestore",\n      "Effect": "Allow",\n      "Action": [\n        "dynamodb:DescribeTable",\n        "dynamodb:Query",\n        "dynamodb:RestoreTableFromAwsBackup",\n        "dynamodb:Scan"\n      ],\n      "Resource": "arn:aws:dynamodb:*:*:table/*"\n    }\n  ]',
			);
			roundTrip(text, 'scenario-missing', after, ['aws-dynamodb-aws-backup-restore'], /Add a statement "AwsDynamodbAwsBackupRestore"/);
			assert.strictEqual(analyze(after, ['aws-dynamodb-aws-backup-restore']).scenarios[0].satisfied, true);
		});

		test('a single Statement object is converted to an array when a statement must be added', () => {
			const text = '{\n  "Version": "2012-10-17",\n  "Statement": {\n    "Effect": "Allow",\n    "Action": "kms:Decrypt",\n    "Resource": "arn:aws:kms:*:*:key/1"\n  }\n}';
			const a = analyze(text, ['aws-dynamodb-aws-backup-restore']);
			const fix = getFixes(a, a.findings.find((f) => f.code === 'scenario-missing')!)[0];
			const after = applyTextEdits(text, fix.edits);
			assert.ok(after.startsWith('{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": "kms:Decrypt",\n    "Resource": "arn:aws:kms:*:*:key/1"\n  },\n  {'), after);
			assert.deepStrictEqual(parseErrors(after), []);
			const b = analyze(after, ['aws-dynamodb-aws-backup-restore']);
			assert.strictEqual(b.scenarios[0].satisfied, true);
			assert.strictEqual(b.model?.statementIsObject, false);
		});
	});

	test('partial: grant on the needed resources in a new statement', () => {
		const text = '{"Version": "2012-10-17", "Statement": [{"Sid": "Scoped", "Effect": "Allow", "Action": ["ec2:*", "ssm:*", "sqs:*", "iam:*", "servicequotas:*"], "Resource": "arn:aws:ec2:*:*:instance/*"}]}';
		const a = analyze(text, WORKERS);
		const fix = getFixes(a, a.findings.find((f) => f.code === 'scenario-partial')!)[0];
		assert.match(fix.title, /Allow the 16 actions on "\*" in a new statement "VeeamAwsEc2RestoreWorkersAllResources"/);
		const after = applyTextEdits(text, fix.edits);
		assert.strictEqual(analyze(after, WORKERS).scenarios[0].satisfied, true);
	});

	test('denied: exempt from the Deny, clearly labelled, never preferred', () => {
		const text = tiny('"dynamodb:*"').replace('}]}', '}, {"Sid": "Guard", "Effect": "Deny", "Action": ["dynamodb:DeleteTable", "dynamodb:Scan"], "Resource": "*"}]}');
		const a = analyze(text, ['aws-dynamodb-aws-backup-restore']);
		const fixes = getFixes(a, a.findings.find((f) => f.code === 'scenario-denied')!);
		assert.strictEqual(fixes.length, 1);
		assert.match(fixes[0].title, /Exempt dynamodb:Scan from the Deny in statement "Guard" \(weakens a guard-rail\)/);
		assert.strictEqual(fixes[0].isPreferred, false);
		assert.strictEqual(fixes[0].fixAll, false);
		assert.strictEqual(applyTextEdits(text, fixes[0].edits), text.replace('"dynamodb:DeleteTable", "dynamodb:Scan"', '"dynamodb:DeleteTable"'));
	});

	test('denied by a wildcard Deny: no exact exemption, so none is offered', () => {
		const text = tiny('"dynamodb:*"').replace('}]}', '}, {"Effect": "Deny", "Action": "dynamodb:*", "Resource": "*"}]}');
		const a = analyze(text, ['aws-dynamodb-aws-backup-restore']);
		assert.deepStrictEqual(getFixes(a, a.findings.find((f) => f.code === 'scenario-denied')!), []);
	});

	test('repair "\\*"', () => {
		roundTrip('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "\\*"}]}', 'json-invalid-escape', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
	});

	test('non-breaking spaces become spaces', () => {
		roundTrip('{\u00a0"Version": "2012-10-17",\u00a0\u00a0"Statement": []}', 'json-invalid-whitespace', '{ "Version": "2012-10-17",  "Statement": []}');
	});

	test('the stray "}" after the policy (seed 002, Example 8) is removed', () => {
		const text = readFixture('seeds', '002-example-8.json');
		const end = text.lastIndexOf('}');
		roundTrip(text, 'json-syntax', text.slice(0, end) + text.slice(end + 1));
	});

	test('trailing comma', () => {
		roundTrip(tiny('"s3:GetObject",'), 'json-trailing-comma', tiny('"s3:GetObject"'));
	});

	test('remove a duplicate action, keeping a comment next to it', () => {
		roundTrip('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", /* read */ "S3:getObject", "s3:PutObject"], "Resource": "*"}]}', 'action-duplicate', '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", /* read */ "s3:PutObject"], "Resource": "*"}]}');
		roundTrip(tiny('"s3:GetObject", "s3:PutObject", "s3:GetObject"'), 'action-duplicate', tiny('"s3:GetObject", "s3:PutObject"'));
	});

	test('add the Version', () => {
		roundTrip('{\n\t"Statement": []\n}', 'version-missing', '{\n\t"Version": "2012-10-17",\n\t"Statement": []\n}');
		roundTrip('{"Statement": []}', 'version-missing', '{"Version": "2012-10-17", "Statement": []}');
	});

	test('string replacements: malformed action, Effect casing, Version, key casing', () => {
		roundTrip(tiny('"iam: CreateRole"'), 'action-malformed', tiny('"iam:CreateRole"'));
		roundTrip(tiny('"s3:GetObject"').replace('"Allow"', '"allow"'), 'effect-invalid', tiny('"s3:GetObject"'));
		roundTrip(tiny('"s3:GetObject"').replace('2012-10-17', '2024-01-01'), 'version-unknown', tiny('"s3:GetObject"'));
		roundTrip(tiny('"s3:GetObject"').replace('"Resource"', '"resource"'), 'key-unknown', tiny('"s3:GetObject"'));
	});

	test('Sids: invalid characters and duplicates', () => {
		roundTrip('{"Version": "2012-10-17", "Statement": [{"Sid": "read-only", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}', 'sid-invalid', '{"Version": "2012-10-17", "Statement": [{"Sid": "readonly", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
		const dup = '{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, {"Sid": "A", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}]}';
		roundTrip(dup, 'sid-duplicate', dup.replace('{"Sid": "A", "Effect": "Allow", "Action": "s3:PutObject"', '{"Sid": "A2", "Effect": "Allow", "Action": "s3:PutObject"'));
	});

	test('trust: add the service to an existing trust statement, or add a statement', () => {
		const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Service": "ec2.amazonaws.com" },\n      "Action": "sts:AssumeRole"\n    }\n  ]\n}';
		roundTrip(text, 'trust-principal-missing', text.replace('"Service": "ec2.amazonaws.com"', '"Service": ["backup.amazonaws.com", "ec2.amazonaws.com"]'), ['veeam-aws-dynamodb-restore']);
		const other = text.replace('"sts:AssumeRole"', '"sts:AssumeRoleWithWebIdentity"').replace('"Service": "ec2.amazonaws.com"', '"Federated": "cognito-identity.amazonaws.com"');
		const a = analyze(other, ['veeam-aws-dynamodb-restore']);
		const fix = getFixes(a, a.findings.find((f) => f.code === 'trust-principal-missing')!)[0];
		assert.match(fix.title, /\(new statement\)/);
		assert.strictEqual(analyze(applyTextEdits(other, fix.edits), ['veeam-aws-dynamodb-restore']).scenarios[0].satisfied, true);
	});

	test('comments get a removal fix that is never applied unattended', () => {
		const a = analyze('{"Version": "2012-10-17", /* note */ "Statement": []}');
		const fixes = getFixes(a, a.findings.find((f) => f.code === 'json-comment')!);
		assert.strictEqual(fixes[0].fixAll, false);
	});
});

suite('fix all', () => {
	const seeds: [string, string][] = [
		['000-veeam-dynamodb-permissions.json', 'veeam-aws-dynamodb-restore'],
		['003-veeam-ec2-permissions.json', 'veeam-aws-ec2-restore'],
		['004-veeam-vbr-ec2-permissions.json', 'veeam-vbr-ec2-restore'],
		['002-example-8.json', 'aws-dynamodb-aws-backup-restore'],
	];
	for (const [fixture, scenario] of seeds) {
		test(`${fixture}: a policy AWS accepts, idempotent`, () => {
			const result = fixAll(checker, readFixture('seeds', fixture), { scenarios: [scenario] });
			assert.ok(result.applied.length > 0);
			assert.deepStrictEqual(parseErrors(result.text, false), []);
			const after = analyze(result.text, [scenario]);
			assert.deepStrictEqual(after.findings.filter((f) => f.severity === 'error'), []);
			assert.strictEqual(after.scenarios[0].satisfied, true);
			assert.strictEqual(fixAll(checker, result.text, { scenarios: [scenario] }).edit, undefined);
		});
	}

	test('an empty-ish policy gains everything a scenario needs, in one edit', () => {
		const text = '{\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*" },\n  ]\n}';
		const result = fixAll(checker, text, { scenarios: ['veeam-vbr-ec2-restore'] });
		assert.deepStrictEqual([...result.applied].sort(), ['Add "Version": "2012-10-17"', 'Add the 54 missing actions of VBR restore to EC2 to statement 1', 'Remove the trailing comma']);
		const after = analyze(result.text, ['veeam-vbr-ec2-restore']);
		assert.strictEqual(after.scenarios[0].satisfied, true);
		assert.deepStrictEqual(after.findings, []);
		assert.strictEqual(applyTextEdits(text, [result.edit!]), result.text);
	});

	test('a Deny is never lifted by fix-all', () => {
		const text = tiny('"dynamodb:*"').replace('}]}', '}, {"Effect": "Deny", "Action": "dynamodb:Scan", "Resource": "*"}]}');
		const result = fixAll(checker, text, { scenarios: ['aws-dynamodb-aws-backup-restore'] });
		assert.strictEqual(result.edit, undefined);
	});
});

suite('fuzzer regressions', () => {
	test('an unterminated string: no structural fix, so fix-all cannot add the same statement twenty times', () => {
		// Found by the fuzzer (seed 20261125, case 6): "Staatement" plus a broken string.
		const text = '{"Version": "2012-10-17", "Staatement": {"Effect": "AllTw", "Action": "iam\r\n:PassRole"}}';
		const options = { scenarios: ['aws-dynamodb-aws-backup-restore'] };
		const a = analyze(text, options.scenarios);
		const missing = a.findings.find((f) => f.code === 'scenario-missing')!;
		assert.deepStrictEqual(getFixes(a, missing), []);
		const result = fixAll(checker, text, options);
		assert.strictEqual(fixAll(checker, result.text, options).edit, undefined);
	});

	test('a long run of brackets after the policy is removed in one go (long fuzz run, seed 4242, case 19711)', () => {
		const text = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}}' + '['.repeat(120) + ' ]}\n';
		const a = analyze(text);
		const stray = a.findings.filter((f) => f.code === 'json-syntax');
		assert.strictEqual(stray.length, 1);
		assert.strictEqual(spanText(a, stray[0]), '['.repeat(120) + ' ]}');
		const result = fixAll(checker, text);
		assert.strictEqual(result.text, text.slice(0, text.indexOf('[')) + '\n');
		assert.strictEqual(fixAll(checker, result.text).edit, undefined);
	});

	test('a key with an invalid escape reads as the repair will write it (long fuzz run, seed 4242, case 19719)', () => {
		// jsonc-parser reads "S\*tatement" as "Statement"; the repair writes "S*tatement".
		const text = '{"Version": "2012-10-17", "S\\*tatement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
		const a = analyze(text);
		assert.strictEqual(a.model?.statementProperty, undefined);
		assert.ok(a.findings.some((f) => f.code === 'key-unknown' && f.message.includes('"S*tatement"')));
		const options = { scenarios: ['veeam-aws-repository'] };
		const once = fixAll(checker, text, options);
		assert.strictEqual(fixAll(checker, once.text, options).edit, undefined);
	});

	test('an unterminated block comment at the end: span and fix stay inside the document (long fuzz run, seed 77, case 85102)', () => {
		const text = '{"Version": "2012-10-17", "Statement": [\n    /*    \n]\n}\r\n';
		const a = analyze(text);
		const comment = a.findings.find((f) => f.code === 'json-comment')!;
		assert.ok(comment.span.offset + comment.span.length <= text.length);
		for (const fix of getFixes(a, comment)) for (const e of fix.edits) assert.ok(e.offset + e.length <= text.length);
	});

	test('other text after the policy is the user\'s: offered for removal, never removed unattended', () => {
		const text = '{"Version": "2012-10-17", "Statement": []} "see the wiki"';
		const a = analyze(text);
		const fixes = getFixes(a, a.findings.find((f) => f.code === 'json-syntax')!);
		assert.strictEqual(fixes[0].fixAll, false);
	});

	test('fix-all does not satisfy inferred scenarios (it would infer new ones next time)', () => {
		const most = requirementSetActions('veeam-aws-ec2-restore').slice(0, 45);
		const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: most, Resource: '*' }] }, null, 2);
		assert.strictEqual(fixAll(checker, text).edit, undefined);
		const a = analyze(text);
		assert.ok(getFixes(a, a.findings.find((f) => f.code === 'scenario-missing')!).length > 0, 'the quick fix is still offered');
	});

	test('several partial statements of one scenario are all widened in one fix-all (fuzz case 1461)', () => {
		const text = JSON.stringify(
			{
				Version: '2012-10-17',
				Statement: [
					{ Sid: 'A', Effect: 'Allow', Action: ['ec2:RunInstances'], Resource: 'arn:aws:ec2:*:*:instance/*' },
					{ Sid: 'B', Effect: 'Allow', Action: ['ec2:StartInstances'], Resource: 'arn:aws:ec2:*:*:volume/*' },
				],
			},
			null,
			2,
		);
		const options = { scenarios: ['veeam-aws-ec2-restore'] };
		const once = fixAll(checker, text, options);
		assert.strictEqual(analyze(once.text, options.scenarios).scenarios[0].satisfied, true);
		assert.strictEqual(fixAll(checker, once.text, options).edit, undefined);
	});
});

function requirementSetActions(id: string): string[] {
	return checker.getRequirementSet(id)!.actions.map((a) => a.action);
}

suite('quick fixes for catalog findings', () => {
	function fixFor(text: string, code: string, scenarios?: string[]) {
		const a = catalogChecker.analyze(text, { scenarios });
		const finding = a.findings.find((f) => f.code === code);
		assert.ok(finding, `no ${code} in ${a.findings.map((f) => f.code).join(', ')}`);
		return { a, fixes: getFixes(a, finding) };
	}

	test('casing: the seed\'s "iam:listInstanceProfiles" becomes the canonical name', () => {
		const text = readFixture('seeds', '003-veeam-ec2-permissions.json');
		const { a, fixes } = fixFor(text, 'action-case');
		assert.strictEqual(fixes[0].title, 'Write "iam:listInstanceProfiles" as AWS does: "iam:ListInstanceProfiles"');
		assert.strictEqual(fixes[0].fixAll, true);
		const after = applyTextEdits(a.text, fixes[0].edits);
		assert.ok(after.includes('"iam:ListInstanceProfiles"') && !after.includes('listInstanceProfiles'));
	});

	test('casing of a whole statement: one fix writes every name canonically, and nothing is left', () => {
		const text = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": ["iam:listroles", "ec2:describeinstances", "ec2:RunInstances", "S3:GETOBJECT"], "Resource": "*" }]\n}\n';
		const { a, fixes } = fixFor(text, 'action-case');
		assert.strictEqual(fixes.length, 1);
		assert.strictEqual(fixes[0].title, 'Write the 3 action names as AWS does');
		assert.strictEqual(fixes[0].fixAll, true);
		const after = applyTextEdits(a.text, fixes[0].edits);
		assert.strictEqual(after, text.replace('iam:listroles', 'iam:ListRoles').replace('ec2:describeinstances', 'ec2:DescribeInstances').replace('S3:GETOBJECT', 's3:GetObject'));
		assert.ok(!catalogChecker.analyze(after).findings.some((f) => f.code === 'action-case'));
	});

	test('unknown action: one fix per suggestion, none applied unattended', () => {
		const { fixes } = fixFor(tiny('"ec2:RunInstance"'), 'action-unknown');
		assert.ok(fixes.length >= 1);
		assert.strictEqual(fixes[0].title, 'Did you mean "ec2:RunInstances"?');
		assert.ok(fixes.every((f) => !f.fixAll));
	});

	test('redundant entries are removed, keeping the wildcard and valid JSON', () => {
		const text = tiny('"ec2:Describe*", "ec2:DescribeInstances", "ec2:RunInstances", "ec2:DescribeVolumes"');
		const { a, fixes } = fixFor(text, 'action-redundant');
		assert.strictEqual(applyTextEdits(a.text, fixes[0].edits), tiny('"ec2:Describe*", "ec2:RunInstances"'));
		const trailing = tiny('"ec2:RunInstances", "ec2:Describe*", "ec2:DescribeInstances", "ec2:DescribeVolumes"');
		const second = fixFor(trailing, 'action-redundant');
		assert.strictEqual(applyTextEdits(second.a.text, second.fixes[0].edits), tiny('"ec2:RunInstances", "ec2:Describe*"'));
	});

	test('fix-all with the catalog writes every seed\'s odd spelling canonically', () => {
		const result = fixAll(catalogChecker, readFixture('seeds', '004-veeam-vbr-ec2-permissions.json'), { scenarios: ['veeam-vbr-ec2-restore'] });
		for (const odd of ['PutLifeCycleConfiguration', 'AbortMultiPartUpload', 'ListBucketMultiPartUploads']) assert.ok(!result.text.includes(odd), odd);
		assert.strictEqual(catalogChecker.analyze(result.text, { scenarios: ['veeam-vbr-ec2-restore'] }).scenarios[0].satisfied, true);
	});
});
