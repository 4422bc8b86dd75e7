import * as assert from 'assert';
import { createChecker, RequirementSet } from '../../../server/src/engine';
import { policyText, TEST_SET_HEADER } from '../../support/fixtures';
import { testCatalog } from '../../support/catalog';

/**
 * Evaluation judges each group of required actions once per analysis (evaluate.ts: one verdict per
 * condition judge, candidate statements and resource targets; actionIndex.ts: one candidate array
 * per set of listing statements; resourceTypes.ts: one targets object per list of resource types).
 * Each test here has actions or scenarios that share all but one of those keys, and would take
 * the other's verdict if that key were missing.
 */

const scope = { mode: 'all' as const, resources: ['*'] };
const base = {
	...TEST_SET_HEADER,
	// One scope object for every set: their actions get the same targets objects.
	resourceScope: scope,
};

function set(id: string, actions: RequirementSet['actions'], requestContext?: RequirementSet['requestContext']): RequirementSet {
	return { ...base, id, actions, ...(requestContext ? { requestContext } : {}) };
}

const kmsActions = [{ action: 'kms:Decrypt' }, { action: 'kms:GenerateDataKey' }];
const viaEc2 = set('via-ec2', kmsActions, { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' });
const viaS3 = set('via-s3', kmsActions, { 'kms:ViaService': 's3.us-east-1.amazonaws.com' });
// Two actions of one resource type (kms key), each with its own request context.
const perAction = set('per-action', [
	{ action: 'kms:Decrypt', requestContext: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' } },
	{ action: 'kms:Encrypt', requestContext: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
]);
const s3 = set('s3', [{ action: 's3:GetObject' }, { action: 's3:ListBucket' }]);
const plain = set('plain', [{ action: 'ec2:DescribeInstances' }, { action: 'ec2:DescribeVolumes' }, { action: 'ec2:DescribeSnapshots' }]);
const attach = set('attach', [{ action: 'ec2:AttachVolume' }]);
const checker = createChecker([viaEc2, viaS3, perAction, s3, plain, attach], { catalog: testCatalog });

type Verdicts = Record<string, Record<string, string>>;

/** Status (and deciding statement indices) per scenario and action, all scenarios judged in one analysis. */
function judge(statements: unknown[], scenarios: string[], withStatements = false): Verdicts {
	const out: Verdicts = {};
	for (const s of checker.analyze(policyText(statements), { scenarios }).scenarios) {
		out[s.compiled.set.id] = Object.fromEntries(s.actions.map((a) => [a.action, withStatements ? `${a.status} by ${a.by.map((b) => b.index).join(',')}` : a.status]));
	}
	return out;
}

const onlyVia = (service: string) => ({ StringLike: { 'kms:ViaService': `${service}.*.amazonaws.com` } });

suite('evaluation shared between actions and scenarios', () => {
	test('two scenarios with different request contexts on the same statements, in either order', () => {
		const statements = [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*', Condition: onlyVia('ec2') }];
		const expected = { 'via-ec2': { 'kms:Decrypt': 'granted', 'kms:GenerateDataKey': 'granted' }, 'via-s3': { 'kms:Decrypt': 'missing', 'kms:GenerateDataKey': 'missing' } };
		assert.deepStrictEqual(judge(statements, ['via-ec2', 'via-s3']), expected);
		assert.deepStrictEqual(judge(statements, ['via-s3', 'via-ec2']), expected);
	});

	test('actions of one resource type listed by the same statement, each with its own request context', () => {
		const statements = [{ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*', Condition: onlyVia('ec2') }];
		assert.deepStrictEqual(judge(statements, ['per-action']), { 'per-action': { 'kms:Decrypt': 'granted', 'kms:Encrypt': 'missing' } });
	});

	test('statements with the same Resource and different Conditions', () => {
		const key = 'arn:aws:kms:us-east-1:123456789012:key/*';
		const statements = [
			{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: key, Condition: onlyVia('ec2') },
			{ Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: key, Condition: onlyVia('s3') },
		];
		assert.deepStrictEqual(judge(statements, ['via-ec2', 'via-s3']), {
			'via-ec2': { 'kms:Decrypt': 'partial', 'kms:GenerateDataKey': 'missing' },
			'via-s3': { 'kms:Decrypt': 'missing', 'kms:GenerateDataKey': 'partial' },
		});
	});

	test('actions listed by the same statement but acting on different resource types', () => {
		// arn:aws:s3:::bucket/* names objects of one bucket, no bucket (Service Authorization Reference, Amazon S3).
		const statements = [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::bucket/*' }];
		assert.deepStrictEqual(judge(statements, ['s3']), { s3: { 's3:GetObject': 'partial', 's3:ListBucket': 'missing' } });
	});

	test('actions listed by different statements, once or twice, keep their own deciding statements', () => {
		// The two actions of the first statement part ways: one is denied next, the other allowed again.
		const statements = [
			{ Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:DescribeVolumes', 'ec2:DescribeVolumes'], Resource: '*' },
			{ Effect: 'Deny', Action: 'ec2:DescribeInstances', Resource: '*' },
			{ Effect: 'Allow', Action: ['ec2:DescribeVolumes', 'ec2:DescribeSnapshots'], Resource: '*' },
			{ Effect: 'Deny', Action: 'ec2:DescribeSnapshots', Resource: '*' },
		];
		assert.deepStrictEqual(judge(statements, ['plain'], true), {
			plain: { 'ec2:DescribeInstances': 'denied by 1', 'ec2:DescribeVolumes': 'granted by 0,2', 'ec2:DescribeSnapshots': 'denied by 3' },
		});
	});

	test('two resource types reached alike by an Allow and a Deny, where the Deny covers the Allow on only one', () => {
		// ec2:AttachVolume needs an instance and a volume. The Deny blocks all the Allow grants on
		// volumes (v-1), none of what it grants on instances (i-1 is not i-2): denied as a whole.
		const statements = [
			{ Effect: 'Allow', Action: 'ec2:AttachVolume', Resource: ['arn:aws:ec2:*:*:instance/i-1', 'arn:aws:ec2:*:*:volume/v-1'] },
			{ Effect: 'Deny', Action: 'ec2:AttachVolume', Resource: ['arn:aws:ec2:*:*:instance/i-2', 'arn:aws:ec2:*:*:volume/v-1'] },
		];
		assert.deepStrictEqual(judge(statements, ['attach'], true), { attach: { 'ec2:AttachVolume': 'denied by 1' } });
	});
});
