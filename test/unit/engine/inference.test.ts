import * as assert from 'assert';
import { builtinRequirementSets } from '../../../server/src/scenarios';
import { catalogChecker } from '../../support/catalog';
import { corpusEntries, corpusText } from '../../support/corpus';
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

	test('each of the 33 scenarios, as a full policy on "*", infers exactly itself', () => {
		for (const s of builtinRequirementSets) {
			// Both need only sts:AssumeRole; on "*" that is the Impersonation role (the FLR source role needs a veeam_rto_ Resource).
			const expected = s.id === 'veeam-aws-flr-original-location-source-role' ? 'veeam-aws-appliance-trust' : s.id;
			assert.deepStrictEqual(inferred(scenarioPolicy(s.id)), [expected], s.id);
		}
	});

	test('overlapping scenarios: an EFS policy is not also checked against DynamoDB or FSx restore, and the reason says so', () => {
		const a = analyze(scenarioPolicy('veeam-aws-efs-restore'));
		assert.deepStrictEqual(a.scenarios.map((s) => s.compiled.set.id), ['veeam-aws-efs-restore']);
		assert.strictEqual(
			a.scenarios[0].reason,
			'the policy allows 50 of its 50 required actions; it covers what the policy shares with veeam-aws-dynamodb-restore (24 of 35)',
		);
		const announce = a.findings.find((f) => f.code === 'scenario-inferred')!;
		assert.match(announce.message, /because the policy allows 50 of its 50 required actions; it covers what the policy shares with veeam-aws-dynamodb-restore/);
	});

	test('two scenarios merged into one policy infer both, not the full list that contains them', () => {
		const text = policyText([{ Effect: 'Allow', Action: [...actionsOf('veeam-aws-ec2-restore'), ...actionsOf('veeam-aws-vpc-restore')], Resource: '*' }]);
		assert.deepStrictEqual(inferred(text).sort(), ['veeam-aws-ec2-restore', 'veeam-aws-vpc-restore']);
	});

	test('most of the full list infers the full list, not the 20 scenarios inside it', () => {
		const full = actionsOf('veeam-aws-full-list');
		const a = analyze(policyText([{ Effect: 'Allow', Action: full.slice(0, 400), Resource: '*' }]));
		assert.deepStrictEqual(a.scenarios.map((s) => s.compiled.set.id), ['veeam-aws-full-list']);
		assert.match(a.scenarios[0].reason!, /^the policy allows 400 of its 450 required actions; it covers what the policy shares with .* and \d+ more$/);
	});

	test('EC2 restore with workers in one policy infers both', () => {
		const text = policyText([{ Effect: 'Allow', Action: [...actionsOf('veeam-aws-ec2-restore'), ...actionsOf('veeam-aws-ec2-restore-workers')], Resource: '*' }]);
		assert.deepStrictEqual(inferred(text).sort(), ['veeam-aws-ec2-restore', 'veeam-aws-ec2-restore-workers']);
	});

	test('a policy with most of a scenario is checked against it, and the missing rest reported', () => {
		const most = actionsOf('veeam-aws-ec2-restore').slice(0, 45);
		const a = analyze(policyText([{ Effect: 'Allow', Action: most, Resource: '*' }]));
		assert.deepStrictEqual(a.scenarios.map((s) => s.compiled.set.id), ['veeam-aws-ec2-restore']);
		assert.strictEqual(a.scenarios[0].granted, 45);
		const announce = a.findings.find((f) => f.code === 'scenario-inferred')!;
		assert.strictEqual(announce.severity, 'information');
		assert.strictEqual(spanText(a, announce), '"Statement"');
		assert.match(announce.message, /allows 45 of its 56 required actions/);
	});

	test('half a role is "may be one part of a role": information, no scenario checked, no error', () => {
		for (const n of [28, 40]) {
			const a = analyze(policyText([{ Effect: 'Allow', Action: actionsOf('veeam-aws-ec2-restore').slice(0, n), Resource: '*' }]));
			assert.deepStrictEqual(a.scenarios, [], `${n}`);
			const part = a.findings.filter((f) => f.code === 'scenario-inferred');
			assert.strictEqual(part.length, 1);
			assert.strictEqual(part[0].severity, 'information');
			assert.deepStrictEqual(part[0].data, { scenario: 'veeam-aws-ec2-restore', part: true });
			assert.match(part[0].message, new RegExp(`may be one part of a role for EC2 restore .*allows ${n} of its 56 required actions`));
			assert.ok(!a.findings.some((f) => f.severity === 'error' || f.severity === 'warning'), `${n}`);
		}
	});

	test('common actions are no evidence: the six EC2 describes of the worker configuration role only when the policy is exactly that', () => {
		const describes = actionsOf('veeam-aws-worker-configuration');
		// The AWS Load Balancer Controller holds several of them among much else.
		assert.deepStrictEqual(inferred(policyText([{ Effect: 'Allow', Action: [...describes.slice(0, 5), 'elasticloadbalancing:CreateLoadBalancer', 'ec2:CreateSecurityGroup'], Resource: '*' }])), []);
		assert.deepStrictEqual(inferred(policyText([{ Effect: 'Allow', Action: describes, Resource: '*' }])), ['veeam-aws-worker-configuration']);
	});

	test('a policy wholly inside one scenario that performs restores is that role, even when short; one that restores nothing is at most a part', () => {
		// AWSBackupServiceRolePolicyForRestores v1 held 29 of today's 134 actions: an older copy of that restore role.
		const v1 = corpusText(corpusEntries().find((e) => e.file === 'aws-managed/AWSBackupServiceRolePolicyForRestores.v1.json')!);
		assert.deepStrictEqual(inferred(v1), ['aws-backup-restores-managed']);
		// The SSM actions of Veeam's production worker role (AmazonSSMManagedInstanceCore's content): no restore among them.
		const ssm = actionsOf('veeam-aws-production-worker').filter((a) => /^(ssm|ssmmessages|ec2messages):/.test(a));
		assert.deepStrictEqual(inferred(policyText([{ Effect: 'Allow', Action: ssm, Resource: '*' }])), []);
	});

	test('a short policy wholly inside one restore role is that role when its distinctive actions span most of the role\'s services, not when they are one service\'s', () => {
		// VeeamHub's deploy_vbaws repository policy: 15 of the 28 actions of Veeam's repository role,
		// 4 of them distinctive, from IAM (the policy simulator Veeam checks permissions with), KMS and S3.
		const veeamHub = corpusText(corpusEntries().find((e) => e.file === 'veeamhub/veeam-aws-repository-policy.json')!);
		assert.deepStrictEqual(inferred(veeamHub), ['veeam-aws-repository']);
		// An application that restores archived S3 objects: all S3, also wholly inside that role.
		const archive = ['s3:RestoreObject', 's3:GetObject', 's3:PutObject', 's3:DeleteObjectVersion', 's3:GetObjectRetention', 's3:PutObjectRetention', 's3:ListBucket'];
		assert.deepStrictEqual(inferred(policyText([{ Effect: 'Allow', Action: archive, Resource: '*' }])), []);
	});

	test('a policy that allows much else besides is left alone, at most "one part of a role"', () => {
		// A job-function style policy: the EC2 restore actions among a hundred others of other services.
		const others = Array.from({ length: 100 }, (_, i) => `cloudwatch:GetMetricData${i}`);
		const a = analyze(policyText([{ Effect: 'Allow', Action: [...actionsOf('veeam-aws-ec2-restore'), ...others], Resource: '*' }]));
		assert.deepStrictEqual(a.scenarios, []);
		assert.ok(!a.findings.some((f) => f.code.startsWith('scenario-') && f.severity !== 'information'));
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

	test('a wildcard over a whole verb of a service is no distinctive evidence (AmazonMacieServiceRole is not a Veeam S3 recovery role)', () => {
		// AmazonMacieServiceRole (AWS managed, v1): s3:Get* and s3:List* cover all ten actions of
		// Veeam's read-only S3 recovery set, among them the rare object-lock reads, but the policy
		// reads S3 for Macie: those actions are granted in passing, not named.
		const macie = policyText([{ Effect: 'Allow', Resource: '*', Action: ['s3:Get*', 's3:List*'] }]);
		assert.deepStrictEqual(catalogChecker.analyze(macie).scenarios, []);
		// Naming the distinctive object-lock reads (or a narrow wildcard over them) is evidence.
		const named = policyText([{ Effect: 'Allow', Resource: '*', Action: ['s3:Get*', 's3:List*', 's3:GetObjectRetention', 's3:GetObjectLegalHold'] }]);
		assert.deepStrictEqual(catalogChecker.analyze(named).scenarios.map((x) => x.compiled.set.id), ['veeam-vbr-s3-readonly-recovery-immutable']);
		// Rubrik Cloud Cluster ES's bucket policy: s3:PutObject* (7 actions) covers the S3 restore role's object ACL and tagging writes.
		const rubrik = policyText([
			{ Effect: 'Allow', Action: ['s3:AbortMultipartUpload', 's3:DeleteObject*', 's3:GetObject*', 's3:ListMultipartUploadParts', 's3:PutObject*'], Resource: 'arn:aws:s3:::b/*' },
			{ Effect: 'Allow', Action: ['s3:GetBucket*', 's3:ListBucket*'], Resource: 'arn:aws:s3:::b' },
		]);
		assert.deepStrictEqual(catalogChecker.analyze(rubrik).scenarios, []);
		const narrow = policyText([{ Effect: 'Allow', Resource: '*', Action: ['s3:Get*', 's3:List*', 's3:GetObjectLegalHold', 's3:GetObjectRe*'] }]);
		assert.deepStrictEqual(catalogChecker.analyze(narrow).scenarios.map((x) => x.compiled.set.id), ['veeam-vbr-s3-readonly-recovery-immutable']);
	});

	test('explicit scenarios switch inference off', () => {
		const a = analyze(scenarioPolicy('veeam-aws-ec2-restore'), ['veeam-aws-dynamodb-restore']);
		assert.deepStrictEqual(a.scenarios.map((s) => [s.compiled.set.id, s.inferred]), [['veeam-aws-dynamodb-restore', false]]);
		assert.ok(!a.findings.some((f) => f.code === 'scenario-inferred'));
	});
});
