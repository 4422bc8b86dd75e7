import * as assert from 'assert';
import { analyze, codes, policyText } from '../../support/fixtures';

suite('documents that are not policies', () => {
	const silent: [string, string][] = [
		['package.json', JSON.stringify({ name: 'x', version: '1.0.0', scripts: { test: 'mocha' } }, null, 2)],
		['tsconfig.json with comments and trailing commas', '{\n  // compiler\n  "compilerOptions": { "strict": true, },\n}'],
		['an array', '[1, 2, 3]'],
		['a string', '"Statement"'],
		['empty text', ''],
		['only whitespace', '  \n\t '],
		['a nested "Statement" key', JSON.stringify({ policy: { Statement: [] } })],
		['broken JSON that is not a policy', '{"name": "x",, "version": }'],
		['a deep non-policy', '['.repeat(10000) + ']'.repeat(10000)],
	];
	for (const [name, text] of silent) {
		test(`${name}: no findings, no scenarios`, () => {
			const a = analyze(text);
			assert.notStrictEqual(a.kind, 'policy');
			assert.deepStrictEqual(a.findings, []);
			assert.deepStrictEqual(a.scenarios, []);
		});
	}

	test('an explicit scenario does not make package.json a policy; it fails closed with no-policy', () => {
		const a = analyze('{"name": "x"}', ['veeam-aws-ec2-restore']);
		assert.strictEqual(a.kind, 'not-policy');
		assert.deepStrictEqual(a.scenarios, []);
		assert.deepStrictEqual(a.findings.map((f) => f.code), ['no-policy']);
	});
});

suite('bad input never throws', () => {
	test('binary data', () => {
		const bytes = Buffer.from([0x7b, 0x00, 0xff, 0xfe, 0x22, 0x53, 0x00]);
		const a = analyze(bytes.toString('latin1'));
		assert.strictEqual(a.kind, 'binary');
		assert.deepStrictEqual(a.findings, []);
	});

	test('nesting 10,000 deep inside a policy gets one finding', () => {
		const text = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": ${'['.repeat(10000)}${']'.repeat(10000)}}]}`;
		const a = analyze(text);
		assert.strictEqual(a.kind, 'too-deep');
		assert.deepStrictEqual(codes(a.findings), ['nesting-too-deep']);
	});

	test('unbalanced nesting 100,000 deep', () => {
		assert.doesNotThrow(() => analyze('{"Statement": ' + '{"a":'.repeat(100000)));
	});

	test('a 2 MB policy is analysed', () => {
		const actions = Array.from({ length: 80000 }, (_, i) => `ec2:Describe${i}`);
		const text = policyText([{ Effect: 'Allow', Action: [...actions, 'iam:PassRole'], Resource: '*' }]);
		assert.ok(text.length > 2_000_000, String(text.length));
		const a = analyze(text, ['veeam-aws-ec2-restore']);
		assert.strictEqual(a.kind, 'policy');
		assert.strictEqual(a.scenarios[0].actions.find((x) => x.action === 'iam:PassRole')?.status, 'granted');
	});

	test('truncated policies at every length parse without throwing', () => {
		const text = policyText([{ Sid: 'A', Effect: 'Allow', Action: ['ec2:*', 'iam:PassRole'], Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }]);
		for (let i = 0; i <= text.length; i++) assert.doesNotThrow(() => analyze(text.slice(0, i), ['veeam-aws-ec2-restore']), `length ${i}`);
	});

	test('unknown scenario ids are ignored by the engine (the CLI rejects them)', () => {
		assert.deepStrictEqual(analyze(policyText([{ Effect: 'Allow', Action: '*', Resource: '*' }]), ['nope']).scenarios, []);
	});
});
