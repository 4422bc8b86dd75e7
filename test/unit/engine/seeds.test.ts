import * as assert from 'assert';
import { analyze, codes, readFixture, SEED_POLICIES, spanText, statuses } from '../../support/fixtures';

suite('seed policies', () => {
	for (const [fixture, scenario] of SEED_POLICIES) {
		test(`${fixture} satisfies ${scenario}`, () => {
			const a = analyze(readFixture('seeds', fixture), [scenario]);
			assert.strictEqual(a.kind, 'policy');
			assert.strictEqual(a.scenarios[0].satisfied, true, JSON.stringify(statuses(a)));
			assert.ok(!codes(a.findings).some((c) => c.startsWith('scenario-') || c === 'trust-principal-missing'), codes(a.findings).join());
		});
	}

	test('inference picks each published policy\'s own scenario', () => {
		const inferred = (fixture: string) => analyze(readFixture('seeds', fixture)).scenarios.map((s) => s.compiled.set.id);
		assert.deepStrictEqual(inferred('000-veeam-dynamodb-permissions.json'), ['veeam-aws-dynamodb-restore']);
		assert.deepStrictEqual(inferred('003-veeam-ec2-permissions.json'), ['veeam-aws-ec2-restore']);
		assert.deepStrictEqual(inferred('003-veeam-ec2-workers.json'), ['veeam-aws-ec2-restore-workers']);
		// The page's list contains iam:CreateRole, so the variant without helper appliances.
		assert.deepStrictEqual(inferred('004-veeam-vbr-ec2-permissions.json'), ['veeam-vbr-ec2-restore']);
		assert.deepStrictEqual(inferred('002-example-1.json'), ['aws-dynamodb-backup-restore']);
		assert.deepStrictEqual(inferred('002-example-5.json'), ['aws-dynamodb-backup-restore']);
		assert.deepStrictEqual(inferred('002-example-8.json'), ['aws-dynamodb-aws-backup-restore']);
		// Examples 2, 3, 4, 6 and 7 only back up, list or deny: no restore scenario.
		for (const n of [2, 3, 4, 6, 7]) assert.deepStrictEqual(inferred(`002-example-${n}.json`), [], `example ${n}`);
	});

	test('the Veeam pages\' copy-paste damage is reported where it is', () => {
		const a = analyze(readFixture('seeds', '003-veeam-ec2-permissions.json'));
		const escape = a.findings.find((f) => f.code === 'json-invalid-escape')!;
		assert.strictEqual(spanText(a, escape), '\\*');
		assert.deepStrictEqual(escape.data, { replacement: '*' });
		const whitespace = a.findings.find((f) => f.code === 'json-invalid-whitespace')!;
		assert.strictEqual(spanText(a, whitespace), ' ');
		assert.match(whitespace.message, /^486 non-ASCII whitespace/);
		assert.strictEqual(readFixture('seeds', '003-veeam-ec2-permissions.json').charCodeAt(whitespace.span.offset), 0xa0);
	});

	test('seed 001 prints "*" correctly and gets no escape error', () => {
		const a = analyze(readFixture('seeds', '001-veeam-dynamodb-permissions.json'));
		assert.deepStrictEqual(codes(a.findings).filter((c) => c.startsWith('json-')), ['json-invalid-whitespace']);
	});

	test('the stray closing brace after Example 8 is a syntax error at its position', () => {
		const text = readFixture('seeds', '002-example-8.json');
		const a = analyze(text);
		const syntax = a.findings.filter((f) => f.code === 'json-syntax');
		assert.strictEqual(syntax.length, 1);
		assert.strictEqual(syntax[0].span.offset, text.lastIndexOf('}'));
		assert.match(syntax[0].message, /after the end of the policy/);
	});

	test('Example 2 denies the restore it is checked for', () => {
		const a = analyze(readFixture('seeds', '002-example-2.json'), ['aws-dynamodb-backup-restore']);
		const s = statuses(a);
		assert.strictEqual(s['dynamodb:RestoreTableFromBackup'], 'denied');
		assert.strictEqual(s['dynamodb:PutItem'], 'missing');
		const denied = a.findings.find((f) => f.code === 'scenario-denied')!;
		assert.strictEqual(spanText(a, denied), '"Deny"');
	});

	test('Example 7 scopes ListBackups to a table although the page says it cannot be', () => {
		const a = analyze(readFixture('seeds', '002-example-7.json'), ['aws-dynamodb-backup-restore']);
		const f = a.findings.find((x) => x.code === 'constraint-wildcard-resource')!;
		assert.ok(f);
		assert.strictEqual(spanText(a, f), '"Resource"');
	});

	test('the trust policies grant what the Veeam DynamoDB scenario needs', () => {
		for (const fixture of ['000-veeam-dynamodb-trust.json', '001-veeam-dynamodb-trust.json']) {
			const a = analyze(readFixture('seeds', fixture), ['veeam-aws-dynamodb-restore']);
			assert.strictEqual(a.model?.kind, 'trust');
			assert.strictEqual(a.scenarios[0].satisfied, true);
			assert.deepStrictEqual(a.scenarios[0].trust.map((t) => [t.principal, t.status]), [['backup.amazonaws.com', 'granted']]);
		}
	});
});
