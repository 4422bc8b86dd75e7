import * as assert from 'assert';
import { analyze, policyText, requirementSet, scenarioPolicy, spanText } from '../../support/fixtures';

function inferred(text: string): string[] {
	return analyze(text).scenarios.filter((s) => s.inferred).map((s) => s.compiled.set.id);
}
function actionsOf(id: string): string[] {
	return requirementSet(id).actions.map((a) => a.action);
}

suite('scenario inference', () => {
	test('each full scenario policy infers exactly its own scenario', () => {
		assert.deepStrictEqual(inferred(scenarioPolicy('veeam-aws-dynamodb-restore')), ['veeam-aws-dynamodb-restore']);
		assert.deepStrictEqual(inferred(scenarioPolicy('veeam-aws-ec2-restore')), ['veeam-aws-ec2-restore']);
		assert.deepStrictEqual(inferred(scenarioPolicy('veeam-aws-ec2-restore-workers')), ['veeam-aws-ec2-restore-workers']);
		assert.deepStrictEqual(inferred(scenarioPolicy('veeam-vbr-ec2-restore')), ['veeam-vbr-ec2-restore']);
		assert.deepStrictEqual(inferred(scenarioPolicy('veeam-vbr-ec2-restore-helper')), ['veeam-vbr-ec2-restore-helper']);
		assert.deepStrictEqual(inferred(scenarioPolicy('aws-dynamodb-backup-restore')), ['aws-dynamodb-backup-restore']);
		assert.deepStrictEqual(inferred(scenarioPolicy('aws-dynamodb-aws-backup-restore')), ['aws-dynamodb-aws-backup-restore']);
	});

	test('EC2 restore with workers in one policy infers both', () => {
		const text = policyText([{ Effect: 'Allow', Action: [...actionsOf('veeam-aws-ec2-restore'), ...actionsOf('veeam-aws-ec2-restore-workers')], Resource: '*' }]);
		assert.deepStrictEqual(inferred(text).sort(), ['veeam-aws-ec2-restore', 'veeam-aws-ec2-restore-workers']);
	});

	test('a half-written policy is checked against what it is becoming, and the missing rest reported', () => {
		const half = actionsOf('veeam-aws-ec2-restore').slice(0, 40);
		const a = analyze(policyText([{ Effect: 'Allow', Action: half, Resource: '*' }]));
		assert.deepStrictEqual(a.scenarios.map((s) => s.compiled.set.id), ['veeam-aws-ec2-restore']);
		assert.strictEqual(a.scenarios[0].granted, 40);
		const announce = a.findings.find((f) => f.code === 'scenario-inferred')!;
		assert.strictEqual(announce.severity, 'information');
		assert.strictEqual(spanText(a, announce), '"Statement"');
		assert.match(announce.message, /allows 40 of its 56 required actions/);
	});

	test('a few shared actions are not enough', () => {
		assert.deepStrictEqual(inferred(policyText([{ Effect: 'Allow', Action: ['kms:ListKeys', 'kms:ListAliases', 'iam:PassRole'], Resource: '*' }])), []);
	});

	test('"*" and Deny statements are no evidence', () => {
		assert.deepStrictEqual(inferred(policyText([{ Effect: 'Allow', Action: '*', Resource: '*' }])), []);
		assert.deepStrictEqual(inferred(policyText([{ Effect: 'Deny', Action: actionsOf('veeam-aws-ec2-restore'), Resource: '*' }])), []);
	});

	test('a service wildcard counts as naming what it matches', () => {
		assert.deepStrictEqual(inferred(policyText([{ Effect: 'Allow', Action: ['dynamodb:RestoreTableFromBackup', 'dynamodb:*Item', 'dynamodb:Query', 'dynamodb:Scan'], Resource: '*' }])), ['aws-dynamodb-backup-restore']);
	});

	test('explicit scenarios switch inference off', () => {
		const a = analyze(scenarioPolicy('veeam-aws-ec2-restore'), ['veeam-aws-dynamodb-restore']);
		assert.deepStrictEqual(a.scenarios.map((s) => [s.compiled.set.id, s.inferred]), [['veeam-aws-dynamodb-restore', false]]);
		assert.ok(!a.findings.some((f) => f.code === 'scenario-inferred'));
	});
});
