import * as assert from 'assert';
import { analyze, codes, policyText, spanText } from '../../support/fixtures';

function only(text: string, code: string) {
	const a = analyze(text);
	const found = a.findings.filter((f) => f.code === code);
	assert.strictEqual(found.length, 1, `${code} in ${JSON.stringify(codes(a.findings))}`);
	return { a, f: found[0], text: spanText(a, found[0]) };
}
const stmt = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

suite('policy grammar', () => {
	test('a clean policy has no findings', () => {
		assert.deepStrictEqual(analyze(policyText([stmt])).findings, []);
	});

	suite('JSON that AWS rejects', () => {
		test('syntax error with its exact position', () => {
			const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow" "Action": "s3:GetObject", "Resource": "*" }\n  ]\n}';
			const { f } = only(text, 'json-syntax');
			assert.strictEqual(f.span.offset, text.indexOf('"Action"'));
			assert.match(f.message, /Comma expected/);
		});

		test('trailing commas, in arrays and objects', () => {
			const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject",], "Resource": "*",}]}';
			const a = analyze(text);
			const commas = a.findings.filter((f) => f.code === 'json-trailing-comma');
			assert.strictEqual(commas.length, 2);
			assert.deepStrictEqual(commas.map((c) => spanText(a, c)), [',', ',']);
			assert.strictEqual(a.scenarios.length, 0);
		});

		test('comments', () => {
			const { text, f } = only('{"Version": "2012-10-17", // why\n "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}', 'json-comment');
			assert.strictEqual(text, '// why');
			assert.match(f.message, /AWS rejects/);
		});

		test('invalid escape "\\*" keeps its meaning "*" for evaluation', () => {
			const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "\\*"}]}';
			const { a, text: at } = only(text, 'json-invalid-escape');
			assert.strictEqual(at, '\\*');
			assert.strictEqual(a.model?.statements[0].resource?.values[0].value, '*');
		});

		test('non-breaking spaces outside strings are one finding with every run in data', () => {
			const text = '{\u00a0"Version": "2012-10-17",\n\u00a0\u00a0"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Sid": "A\u00a0B"}]}';
			const { f } = only(text, 'json-invalid-whitespace');
			assert.deepStrictEqual(f.data, { spans: [{ offset: 1, length: 1 }, { offset: 27, length: 2 }] });
			assert.match(f.message, /^3 non-ASCII whitespace/);
		});

		test('duplicate keys', () => {
			const { text } = only('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Action": "s3:PutObject", "Resource": "*"}]}', 'json-duplicate-key');
			assert.strictEqual(text, '"Action"');
		});
	});

	suite('Version', () => {
		test('missing', () => {
			const { f, text } = only(JSON.stringify({ Statement: [stmt] }), 'version-missing');
			assert.strictEqual(text, '"Statement"');
			assert.strictEqual(f.severity, 'warning');
		});
		test('unknown', () => {
			const { text, f } = only(policyText([stmt], { Version: '2024-01-01' }), 'version-unknown');
			assert.strictEqual(text, '"2024-01-01"');
			assert.strictEqual(f.severity, 'error');
		});
		test('outdated', () => {
			assert.strictEqual(only(policyText([stmt], { Version: '2008-10-17' }), 'version-outdated').f.severity, 'information');
		});
	});

	suite('Statement', () => {
		test('missing (a Version but no Statement)', () => {
			assert.strictEqual(only('{"Version": "2012-10-17"}', 'statement-missing').text, '"Version": "2012-10-17"');
		});
		test('empty array, wrong type, non-object member', () => {
			only('{"Version": "2012-10-17", "Statement": []}', 'statement-invalid');
			only('{"Version": "2012-10-17", "Statement": "Allow"}', 'statement-invalid');
			only(policyText([stmt, 'x']), 'statement-invalid');
		});
	});

	test('Effect missing and invalid (case-sensitive, with the fix)', () => {
		only(policyText([{ Action: 's3:GetObject', Resource: '*' }]), 'effect-missing');
		const { f, text } = only(policyText([{ ...stmt, Effect: 'allow' }]), 'effect-invalid');
		assert.strictEqual(text, '"allow"');
		assert.deepStrictEqual(f.data, { replacement: 'Allow' });
	});

	test('both Action and NotAction; neither', () => {
		assert.strictEqual(only(policyText([{ ...stmt, NotAction: 's3:*' }]), 'element-conflict').text, '"NotAction"');
		only(policyText([{ Effect: 'Allow', Resource: '*' }]), 'element-missing');
	});

	test('both Resource and NotResource; neither', () => {
		only(policyText([{ ...stmt, NotResource: 'x' }]), 'element-conflict');
		only(policyText([{ Effect: 'Allow', Action: 's3:GetObject' }]), 'element-missing');
	});

	test('Principal in an identity policy', () => {
		const text = policyText([stmt, stmt, { ...stmt, Principal: { AWS: '*' } }]);
		assert.strictEqual(only(text, 'principal-in-identity-policy').text, '"Principal"');
	});

	test('malformed action names, with a repair where one exists', () => {
		const a = analyze(policyText([{ ...stmt, Action: ['iam: CreateRole', 'GetObject', 's3::GetObject', '', 's3:Get Object!'] }]));
		const malformed = a.findings.filter((f) => f.code === 'action-malformed');
		assert.deepStrictEqual(malformed.map((f) => spanText(a, f)), ['"iam: CreateRole"', '"GetObject"', '"s3::GetObject"', '""', '"s3:Get Object!"']);
		assert.deepStrictEqual(malformed[0].data, { replacement: 'iam:CreateRole' });
		assert.match(malformed[0].message, /contains whitespace.*Did you mean "iam:CreateRole"/);
		assert.match(malformed[1].message, /no service prefix/);
	});

	test('duplicate actions in a statement (case-insensitive)', () => {
		const { f, text } = only(policyText([{ ...stmt, Action: ['s3:GetObject', 's3:PutObject', 'S3:getobject'] }]), 'action-duplicate');
		assert.strictEqual(text, '"S3:getobject"');
		assert.strictEqual(f.related?.length, 1);
		assert.strictEqual(f.unnecessary, true);
	});

	test('duplicate and invalid Sids', () => {
		const { f } = only(policyText([{ ...stmt, Sid: 'Read' }, { ...stmt, Sid: 'Read' }]), 'sid-duplicate');
		assert.strictEqual(f.related?.length, 1);
		only(policyText([{ ...stmt, Sid: 'read-only' }]), 'sid-invalid');
	});

	test('unknown keys, with the case-corrected key as the fix', () => {
		const { f, text } = only(policyText([{ Effect: 'Allow', action: 's3:GetObject', Action: 's3:GetObject', Resource: '*' }]), 'key-unknown');
		assert.strictEqual(text, '"action"');
		assert.deepStrictEqual(f.data, { replacement: 'Action' });
		assert.strictEqual(only(policyText([stmt], { Comment: 'x' }), 'key-unknown').text, '"Comment"');
	});

	test('values of the wrong type', () => {
		only(policyText([{ ...stmt, Action: 42 }]), 'value-type');
		only(policyText([{ ...stmt, Action: ['s3:GetObject', 1] }]), 'value-type');
		only(policyText([{ ...stmt, Resource: [] }]), 'value-type');
		only(policyText([{ ...stmt, Condition: 'x' }]), 'value-type');
	});

	test('trust policies need a Principal in every statement but no Resource', () => {
		const text = policyText([{ Effect: 'Allow', Principal: { Service: 'backup.amazonaws.com' }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Action: 'sts:AssumeRole' }]);
		const a = analyze(text);
		assert.strictEqual(a.model?.kind, 'trust');
		assert.deepStrictEqual(codes(a.findings), ['element-missing']);
		assert.match(a.findings[0].message, /"Principal" or "NotPrincipal"/);
	});
});
