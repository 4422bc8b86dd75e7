import * as assert from 'assert';
import { analyze, checker, policyText, scenarioPolicy } from '../../support/fixtures';

/**
 * Failing closed (README.md "Command line"): when scenarios are asked for, a document in which no policy is found
 * is a failure (`no-policy`), not a silent pass; without scenarios asked for, JSON that is not a
 * policy gets nothing at all.
 */
suite('failing closed: no-policy', () => {
	const notPolicies: Record<string, string> = {
		empty: '',
		whitespace: '  \n',
		'aws iam list-policy-versions output': JSON.stringify({ Versions: [{ VersionId: 'v1', IsDefaultVersion: true }] }),
		'Veeam "Check Permissions" export': 'Permission,Status\nec2:RunInstances,Missing\n',
		'a CloudFormation template without a policy': JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: {} }),
		'a JSON array': '[1, 2, 3]',
	};

	test('scenarios asked for: each non-policy document gets one no-policy error naming them', () => {
		for (const [what, text] of Object.entries(notPolicies)) {
			const a = analyze(text, ['veeam-aws-ec2-restore']);
			assert.strictEqual(a.kind, 'not-policy', what);
			assert.deepStrictEqual(a.findings.map((f) => [f.code, f.severity]), [['no-policy', 'error']], what);
			assert.match(a.findings[0].message, /^No IAM policy found in this file \(.*\), but it is to be checked against EC2 restore \(Veeam Backup for AWS 10\.0\.0\.232\): nothing was checked, so it cannot pass\.$/, what);
			assert.deepStrictEqual(a.findings[0].data, { scenarios: ['veeam-aws-ec2-restore'] });
			// On the first character the user wrote (0 in an empty document).
			assert.strictEqual(a.findings[0].span.offset, Math.max(0, text.search(/\S/)), what);
		}
	});

	test('without scenarios asked for, non-policy JSON gets nothing at all', () => {
		for (const [what, text] of Object.entries(notPolicies)) assert.deepStrictEqual(analyze(text).findings, [], what);
	});

	test('the option says so explicitly (the editor: a file matched by iamRestoreLint.scenarios; a role)', () => {
		assert.deepStrictEqual(checker.analyze('{}', { scenariosRequested: true }).findings.map((f) => f.code), ['no-policy']);
		assert.deepStrictEqual(checker.analyze('{}', { scenarios: ['veeam-aws-ec2-restore'], scenariosRequested: false }).findings, []);
		const role = checker.analyzeRole({ name: 'r', policies: [{ name: 'a.json', text: scenarioPolicy('veeam-aws-ec2-restore') }, { name: 'b.json', text: '' }], scenarios: ['veeam-aws-ec2-restore'] });
		assert.deepStrictEqual(role.documents[1].analysis.findings.map((f) => f.code), ['no-policy']);
	});

	test('a policy is never no-policy, even an empty one', () => {
		const a = analyze(policyText([]), ['veeam-aws-ec2-restore']);
		assert.ok(!a.findings.some((f) => f.code === 'no-policy'));
	});
});
