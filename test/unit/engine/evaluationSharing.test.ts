import * as assert from 'assert';
import { createChecker, RequirementSet } from '../../../server/src/engine';
import { policyText, TEST_SET_HEADER } from '../../support/fixtures';
import { testCatalog } from '../../support/catalog';
import { prng } from '../../support/random';
import { builtinRequirementSets } from '../../../server/src/scenarios';

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

	test('a statement alone is judged as the same statement twice, on every action of every built-in scenario', () => {
		// An action that one statement decides is judged without a verdict per resource target
		// (evaluate.ts, judgeByOne); twice the same statement takes the general path, and IAM grants,
		// denies and conditions the same either way.
		const builtin = createChecker(builtinRequirementSets, { catalog: testCatalog });
		const ids = builtinRequirementSets.map((s) => s.id);
		const actions = [...new Set(builtinRequirementSets.flatMap((s) => s.actions.map((a) => a.action)))];
		const resources = [
			'*', 'arn:aws:s3:::b', 'arn:aws:s3:::b/*', 'arn:aws:dynamodb:us-east-1:123456789012:table/T', 'arn:aws:ec2:*:*:instance/*',
			'arn:aws:ec2:*:*:volume/*', 'arn:aws:ec2:*::snapshot/*', 'arn:aws:iam::*:role/veeam_rto_*', 'arn:aws:kms:*:*:key/*',
			'arn:aws:backup:*:*:backup-vault:*', 'arn:aws:rds:*:*:db:*', 'arn:aws:ec2:*:*:*', 'arn:aws:*:*:*:*',
		];
		const conditions = [{ StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } }, { Bool: { 'aws:SecureTransport': 'true' } }, { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } }];
		const random = prng(1202);
		const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
		const statuses = (statements: unknown[]) => builtin.analyze(policyText(statements), { scenarios: ids }).scenarios.map((s) => s.actions.map((a) => `${a.action} ${a.status}`));
		const seen = new Set<string>();
		for (let i = 0; i < 60; i++) {
			const statement: Record<string, unknown> = {
				Effect: random() < 0.3 ? 'Deny' : 'Allow',
				Action: Array.from({ length: 1 + Math.floor(random() * 30) }, () => pick(actions)),
				Resource: Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(resources)),
			};
			if (random() < 0.25) statement.Condition = pick(conditions);
			const alone = statuses([statement]);
			assert.deepStrictEqual(statuses([statement, statement]), alone, JSON.stringify(statement));
			for (const list of alone) for (const a of list) seen.add(a.slice(a.indexOf(' ') + 1));
		}
		// The statements reach every kind of verdict (else the comparison would prove little).
		assert.deepStrictEqual([...seen].sort(), ['conditional', 'denied', 'granted', 'missing', 'partial']);
	});
});
