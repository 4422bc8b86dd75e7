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

/**
 * A scenario asked for that no requirement set defines (typed wrong, or its requirement-set file
 * missing, unreadable or invalid) checked nothing: that must fail too, and say why when it can.
 */
suite('failing closed: scenario-unknown', () => {
	const policy = policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);

	test('an unknown id asked for is an error on the first token; the known ids are still checked', () => {
		const a = checker.analyze(`\n  ${policy}`, { scenarios: ['my-app-restore', 'veeam-aws-ec2-restore'] });
		const unknown = a.findings.filter((f) => f.code === 'scenario-unknown');
		assert.deepStrictEqual(unknown.map((f) => [f.severity, f.span.offset, f.message]), [['error', 3, 'Unknown scenario "my-app-restore" asked for: nothing is checked against it, so this cannot pass.']]);
		assert.deepStrictEqual(a.scenarios.map((s) => s.compiled.set.id), ['veeam-aws-ec2-restore']);
	});

	test('the requirement-set files that could not be used are named with why', () => {
		const a = checker.analyze(policy, {
			scenarios: ['my-app-restore', 'my-other-restore'],
			unavailableRequirementSets: [{ file: 'iam/sets/app.json', reason: 'Cannot read requirement set: the file does not exist.' }],
		});
		assert.deepStrictEqual(a.findings.filter((f) => f.code === 'scenario-unknown').map((f) => f.message), [
			'Unknown scenarios "my-app-restore", "my-other-restore" asked for: nothing is checked against them, so this cannot pass. This requirement-set file could not be used: iam/sets/app.json (Cannot read requirement set: the file does not exist).',
		]);
		// Without ids asked for (inference), a broken file of the settings is not this document's problem.
		assert.deepStrictEqual(checker.analyze(policy, { unavailableRequirementSets: [{ file: 'x.json', reason: 'gone' }] }).findings.filter((f) => f.code === 'scenario-unknown'), []);
	});

	test('templates: an unknown id of a glob#NAME key, and of an annotation, each fail with the reason', () => {
		const template = [
			'Resources:',
			'  RestoreRole:',
			'    Type: AWS::IAM::Role',
			'    Metadata: { iam-restore-lint: { scenarios: [my-app-restore] } }',
			'    Properties:',
			'      Policies:',
			'        - PolicyName: p',
			'          PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: "*" }] }',
			'',
		].join('\n');
		const unavailableRequirementSets = [{ file: 'sets/app.json', reason: 'Requirement set is not valid JSON: CloseBraceExpected.' }];
		const a = checker.analyze(template, { syntax: 'yaml', scenariosByName: { RestoreRole: ['my-app-restore'] }, unavailableRequirementSets });
		// The glob#NAME key wins over the annotation, and names an unknown id: one scenario-unknown.
		assert.deepStrictEqual(a.findings.filter((f) => f.code === 'scenario-unknown').map((f) => f.message), [
			'Unknown scenario "my-app-restore" asked for: nothing is checked against it, so this cannot pass. This requirement-set file could not be used: sets/app.json (Requirement set is not valid JSON: CloseBraceExpected).',
		]);
		const annotated = checker.analyze(template, { syntax: 'yaml', unavailableRequirementSets }).findings.filter((f) => f.code === 'annotation-unknown-scenario');
		assert.deepStrictEqual(annotated.map((f) => f.message), [
			'Unknown scenario "my-app-restore" in the iam-restore-lint annotation: nothing is checked against it, so this cannot pass. This requirement-set file could not be used: sets/app.json (Requirement set is not valid JSON: CloseBraceExpected).',
		]);
	});
});

suite('failing closed: scenario-unknown in a role of several files', () => {
	test('a role whose scenario no set defines: an error on each of its files, naming the unusable set file', () => {
		const policies = [
			{ name: 'a.json', text: policyText([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]) },
			{ name: 'b.json', text: policyText([{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }]) },
		];
		const role = checker.analyzeRole({ name: 'Restore', policies, scenarios: ['my-app-restore'] }, [{ file: 'sets/app.json', reason: 'the file cannot be read' }]);
		for (const d of role.documents) {
			assert.deepStrictEqual(d.analysis.findings.filter((f) => f.code === 'scenario-unknown').map((f) => f.message), [
				'Unknown scenario "my-app-restore" asked for: nothing is checked against it, so this cannot pass. This requirement-set file could not be used: sets/app.json (the file cannot be read).',
			], d.name);
		}
		assert.deepStrictEqual(role.scenarios, []);
	});
});
