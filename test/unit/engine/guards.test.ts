import * as assert from 'assert';
import { MAX_NESTING_DEPTH, MAX_SYNTAX_FINDINGS } from '../../../server/src/engine/parse';
import { catalogChecker } from '../../support/catalog';
import { garbageLine } from '../../support/random';

/**
 * Input limits on every path into the engine. Each test is one failure the fuzzer measured
 * against the real server before these limits (issue 11).
 */
suite('engine guards', () => {
	test('a 100 KB line of garbage: the first 100 syntax errors one by one, then one summary', () => {
		const text = `{"Version": "2012-10-17", "Statement": [${garbageLine(100_000)}]}`;
		const started = Date.now();
		const analysis = catalogChecker.analyze(text);
		const syntax = analysis.findings.filter((f) => f.code === 'json-syntax');
		assert.strictEqual(syntax.length, MAX_SYNTAX_FINDINGS + 1);
		const summary = syntax[MAX_SYNTAX_FINDINGS];
		const more = summary.data?.unreported as number;
		assert.ok(more > 10_000, String(more));
		assert.strictEqual(summary.message, `${more} more syntax errors from here on; only the first ${MAX_SYNTAX_FINDINGS} are reported one by one.`);
		assert.ok(summary.span.offset > syntax[MAX_SYNTAX_FINDINGS - 1].span.offset, 'the summary points where the unreported errors start');
		assert.ok(Date.now() - started < 10_000);
	});

	test('completion in a document nested 20,000 deep answers nothing instead of overflowing the stack', () => {
		const text = `{"Statement": [{"Action": [${'['.repeat(20_000)}`;
		const analysis = catalogChecker.analyze(text);
		assert.strictEqual(catalogChecker.complete(text, text.length, analysis), undefined);
		assert.strictEqual(catalogChecker.complete(text, text.length, undefined), undefined);
		// Just under the limit, completion still works where an action is being typed.
		const shallow = `{"Statement": [{"Action": ["ec2:Run`;
		assert.ok(catalogChecker.complete(shallow, shallow.length, catalogChecker.analyze(shallow))!.items.some((i) => i.label === 'ec2:RunInstances'));
		const deepButBelow = `{"Statement": [{"Action": [${'['.repeat(MAX_NESTING_DEPTH - 4)}`;
		assert.doesNotThrow(() => catalogChecker.complete(deepButBelow, deepButBelow.length, catalogChecker.analyze(deepButBelow)));
	});

	test('a YAML template with a flow mapping nested 16,000 deep is reported as too deep, promptly', () => {
		const text = `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyDocument:\n            Statement:\n              - Action: ${'{"a":'.repeat(16_000)}\n`;
		const started = Date.now();
		const analysis = catalogChecker.analyze(text, { syntax: 'yaml' });
		assert.strictEqual(analysis.kind, 'too-deep');
		assert.deepStrictEqual(analysis.findings.map((f) => f.code), ['nesting-too-deep']);
		assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
	});
});
