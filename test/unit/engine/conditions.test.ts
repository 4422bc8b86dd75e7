import * as assert from 'assert';
import { createChecker, RequirementSet } from '../../../server/src/engine';
import { ConditionBlock, evaluateCondition, RequestContext } from '../../../server/src/engine/conditions';
import { policyText, statuses, TEST_SET_HEADER } from '../../support/fixtures';
import { testCatalog } from '../../support/catalog';

/**
 * Condition operators against a restore's request context. Each test cites the page of the IAM
 * reference it follows:
 * OPERATORS = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * MULTI = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
 * SETS = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * VARIABLES = https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */

const t = (block: ConditionBlock, context: RequestContext) => evaluateCondition(block, context);

suite('condition operators (IAM reference)', () => {
	// OPERATORS, "String condition operators": StringEquals is case-sensitive, StringEqualsIgnoreCase
	// is not; StringLike takes * and ? wildcards; the Not forms negate.
	test('String operators', () => {
		assert.strictEqual(t({ StringEquals: { 'aws:PrincipalTag/team': ['backup'] } }, { 'aws:PrincipalTag/team': 'backup' }), 'holds');
		assert.strictEqual(t({ StringEquals: { 'aws:PrincipalTag/team': ['backup'] } }, { 'aws:PrincipalTag/team': 'Backup' }), 'fails');
		assert.strictEqual(t({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': ['backup'] } }, { 'aws:PrincipalTag/team': 'BACKUP' }), 'holds');
		assert.strictEqual(t({ StringNotEquals: { 'aws:PrincipalTag/team': ['backup'] } }, { 'aws:PrincipalTag/team': 'ops' }), 'holds');
		assert.strictEqual(t({ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': ['backup'] } }, { 'aws:PrincipalTag/team': 'BACKUP' }), 'fails');
		assert.strictEqual(t({ StringLike: { 'kms:ViaService': ['ec2.*.amazonaws.com'] } }, { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' }), 'holds');
		assert.strictEqual(t({ StringLike: { 'kms:ViaService': ['ec2.?.amazonaws.com'] } }, { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' }), 'fails');
		assert.strictEqual(t({ StringNotLike: { 'kms:ViaService': ['s3.*'] } }, { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' }), 'holds');
	});

	// OPERATORS: "Condition key names are not case-sensitive."
	test('keys match case-insensitively, values do not (for StringEquals)', () => {
		assert.strictEqual(t({ StringEquals: { 'KMS:VIASERVICE': ['s3.us-east-1.amazonaws.com'] } }, { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }), 'holds');
	});

	// OPERATORS, "Numeric condition operators".
	test('Numeric operators', () => {
		const c = { 's3:max-keys': '10' };
		assert.strictEqual(t({ NumericEquals: { 's3:max-keys': ['10'] } }, c), 'holds');
		assert.strictEqual(t({ NumericNotEquals: { 's3:max-keys': ['10'] } }, c), 'fails');
		assert.strictEqual(t({ NumericLessThan: { 's3:max-keys': ['11'] } }, c), 'holds');
		assert.strictEqual(t({ NumericLessThanEquals: { 's3:max-keys': ['10'] } }, c), 'holds');
		assert.strictEqual(t({ NumericGreaterThan: { 's3:max-keys': ['10'] } }, c), 'fails');
		assert.strictEqual(t({ NumericGreaterThanEquals: { 's3:max-keys': ['9.5'] } }, c), 'holds');
		assert.strictEqual(t({ NumericEquals: { 's3:max-keys': ['ten'] } }, c), 'fails');
	});

	// OPERATORS, "Date condition operators": ISO 8601 or epoch (UNIX) time.
	test('Date operators', () => {
		const c = { 'aws:CurrentTime': '2026-06-01T12:00:00Z' };
		assert.strictEqual(t({ DateGreaterThan: { 'aws:CurrentTime': ['2026-01-01T00:00:00Z'] } }, c), 'holds');
		assert.strictEqual(t({ DateLessThan: { 'aws:CurrentTime': ['2026-01-01T00:00:00Z'] } }, c), 'fails');
		assert.strictEqual(t({ DateEquals: { 'aws:CurrentTime': ['1780315200'] } }, c), 'holds');
		assert.strictEqual(t({ DateNotEquals: { 'aws:CurrentTime': ['1780315200'] } }, c), 'fails');
		assert.strictEqual(t({ DateLessThanEquals: { 'aws:CurrentTime': ['2026-06-01T12:00:00Z'] } }, c), 'holds');
		assert.strictEqual(t({ DateGreaterThanEquals: { 'aws:CurrentTime': ['2026-06-02'] } }, c), 'fails');
	});

	// OPERATORS, "Boolean condition operators" (and the values' case does not matter: "true"/"True").
	test('Bool', () => {
		assert.strictEqual(t({ Bool: { 'kms:GrantIsForAWSResource': ['true'] } }, { 'kms:GrantIsForAWSResource': 'true' }), 'holds');
		assert.strictEqual(t({ Bool: { 'aws:SecureTransport': ['false'] } }, { 'aws:SecureTransport': 'true' }), 'fails');
	});

	// OPERATORS, "Binary condition operators": base-64 values compared exactly.
	test('BinaryEquals', () => {
		assert.strictEqual(t({ BinaryEquals: { 'key': ['QmluYXJ5VmFsdWVJbkJhc2U2NA=='] } }, { key: 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }), 'holds');
	});

	// OPERATORS, "IP address condition operators": CIDR blocks, IPv4 and IPv6.
	test('IpAddress and NotIpAddress', () => {
		assert.strictEqual(t({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } }, { 'aws:SourceIp': '203.0.113.7' }), 'holds');
		assert.strictEqual(t({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } }, { 'aws:SourceIp': '198.51.100.7' }), 'fails');
		assert.strictEqual(t({ NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } }, { 'aws:SourceIp': '198.51.100.7' }), 'holds');
		assert.strictEqual(t({ IpAddress: { 'aws:SourceIp': ['2001:DB8:1234:5678::/64'] } }, { 'aws:SourceIp': '2001:db8:1234:5678::1' }), 'holds');
	});

	// OPERATORS, "Amazon Resource Name (ARN) condition operators": compared per ARN part, wildcards
	// allowed in ArnEquals and ArnLike alike.
	test('Arn operators', () => {
		const c = { 'aws:SourceArn': 'arn:aws:backup:us-east-1:123456789012:backup-vault:Default' };
		assert.strictEqual(t({ ArnLike: { 'aws:SourceArn': ['arn:aws:backup:*:123456789012:backup-vault:*'] } }, c), 'holds');
		assert.strictEqual(t({ ArnEquals: { 'aws:SourceArn': ['arn:aws:backup:*:123456789012:backup-vault:*'] } }, c), 'holds');
		assert.strictEqual(t({ ArnNotLike: { 'aws:SourceArn': ['arn:aws:backup:*:999999999999:*'] } }, c), 'holds');
		assert.strictEqual(t({ ArnNotEquals: { 'aws:SourceArn': ['arn:aws:backup:us-east-1:123456789012:backup-vault:Default'] } }, c), 'fails');
		// A `*` does not reach across the ARN's parts: the account part must match on its own.
		assert.strictEqual(t({ ArnLike: { 'aws:SourceArn': ['arn:aws:backup:*'] } }, c), 'fails');
	});

	// OPERATORS, "Condition operator to check existence of condition keys" (Null).
	test('Null', () => {
		const key = 'aws:ResourceTag/aws:backup:source-resource';
		assert.strictEqual(t({ Null: { [key]: ['false'] } }, { [key]: 'arn:aws:ec2:us-east-1::snapshot/snap-1' }), 'holds');
		assert.strictEqual(t({ Null: { [key]: ['false'] } }, { [key]: null }), 'fails');
		assert.strictEqual(t({ Null: { [key]: ['true'] } }, { [key]: null }), 'holds');
	});

	// OPERATORS: "If the key … is not present in the request context, the values do not match and the
	// condition is false. If the policy condition requires that the key is not matched, such as
	// StringNotLike or ArnNotLike, and the right key is not present, the condition is true."
	// …IfExists: "If the key is not present, evaluate the condition element as true."
	test('a key the request lacks: false, true for the negated operators and …IfExists', () => {
		const absent = { 'aws:SourceVpc': null };
		assert.strictEqual(t({ StringEquals: { 'aws:SourceVpc': ['vpc-1'] } }, absent), 'fails');
		assert.strictEqual(t({ StringNotEquals: { 'aws:SourceVpc': ['vpc-1'] } }, absent), 'holds');
		assert.strictEqual(t({ StringEqualsIfExists: { 'aws:SourceVpc': ['vpc-1'] } }, absent), 'holds');
		assert.strictEqual(t({ StringEqualsIfExists: { 'aws:SourceVpc': ['vpc-1'] } }, { 'aws:SourceVpc': 'vpc-2' }), 'fails');
		assert.strictEqual(t({ ArnLikeIfExists: { 'aws:SourceArn': ['arn:aws:*:*:*:*'] } }, { 'aws:SourceArn': null }), 'holds');
	});

	// MULTI: several values for one key are ORed; several keys, and several operators, are ANDed.
	test('values OR, keys and operators AND', () => {
		const c = { 'iam:PassedToService': 'ec2.amazonaws.com', 'aws:RequestedRegion': 'eu-west-1' };
		assert.strictEqual(t({ StringEquals: { 'iam:PassedToService': ['eks.amazonaws.com', 'ec2.amazonaws.com'] } }, c), 'holds');
		assert.strictEqual(t({ StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com'], 'aws:RequestedRegion': ['us-east-1'] } }, c), 'fails');
		assert.strictEqual(t({ StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com'] }, StringLike: { 'aws:RequestedRegion': ['eu-*'] } }, c), 'holds');
		// A negated operator with several values: the key must match none of them.
		assert.strictEqual(t({ StringNotEquals: { 'iam:PassedToService': ['eks.amazonaws.com', 'ec2.amazonaws.com'] } }, c), 'fails');
	});

	// SETS: ForAllValues holds when every request value matches (also for an empty or absent set);
	// ForAnyValue when at least one does (false for an absent key).
	test('ForAllValues and ForAnyValue over multivalued keys', () => {
		const tags = { 'aws:TagKeys': ['aws:backup:source-resource'] };
		assert.strictEqual(t({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['aws:backup:source-resource'] } }, tags), 'holds');
		assert.strictEqual(t({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['aws:backup:source-resource'] } }, { 'aws:TagKeys': ['aws:backup:source-resource', 'Name'] }), 'fails');
		assert.strictEqual(t({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['x'] } }, { 'aws:TagKeys': null }), 'holds');
		assert.strictEqual(t({ 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['backup.amazonaws.com'] } }, { 'aws:CalledVia': ['cloudformation.amazonaws.com', 'backup.amazonaws.com'] }), 'holds');
		assert.strictEqual(t({ 'ForAnyValue:StringEquals': { 'aws:CalledVia': ['backup.amazonaws.com'] } }, { 'aws:CalledVia': null }), 'fails');
		assert.strictEqual(t({ 'ForAnyValue:StringNotLike': { 'aws:TagKeys': ['aws:*'] } }, { 'aws:TagKeys': ['aws:backup:source-resource', 'Name'] }), 'holds');
	});

	// VARIABLES: ${aws:PrincipalAccount} in a condition value takes the request's value.
	test('policy variables in condition values', () => {
		const block = { StringEquals: { 'aws:ResourceAccount': ['${aws:PrincipalAccount}'] } };
		assert.strictEqual(t(block, { 'aws:ResourceAccount': '123456789012', 'aws:PrincipalAccount': '123456789012' }), 'holds');
		assert.strictEqual(t(block, { 'aws:ResourceAccount': '123456789012', 'aws:PrincipalAccount': '999999999999' }), 'fails');
		assert.strictEqual(t(block, { 'aws:ResourceAccount': '123456789012' }), 'open');
		// A default for a missing variable: ${aws:x, 'value'}.
		assert.strictEqual(t({ StringEquals: { 'aws:ResourceTag/team': ["${aws:PrincipalTag/team, 'backup'}"] } }, { 'aws:ResourceTag/team': 'backup', 'aws:PrincipalTag/team': null }), 'holds');
	});

	test('a key the context leaves open, or an operator not known, keeps the condition open', () => {
		assert.strictEqual(t({ StringEquals: { 'aws:SourceVpc': ['vpc-1'] } }, {}), 'open');
		assert.strictEqual(t({ StringEqualsWhatever: { 'k': ['v'] } }, { k: 'v' }), 'open');
		// AND: a failing key decides even when another is open.
		assert.strictEqual(t({ StringEquals: { 'aws:SourceVpc': ['vpc-1'], 'k': ['v'] } }, { k: 'w' }), 'fails');
	});

	test('oneOf: each possible value must agree, else open', () => {
		const via = { 'kms:ViaService': { oneOf: ['ec2.us-east-1.amazonaws.com', 's3.us-east-1.amazonaws.com'] } };
		assert.strictEqual(t({ StringLike: { 'kms:ViaService': ['ec2.*.amazonaws.com', 's3.*.amazonaws.com'] } }, via), 'holds');
		assert.strictEqual(t({ StringLike: { 'kms:ViaService': ['ec2.*.amazonaws.com'] } }, via), 'open');
		assert.strictEqual(t({ StringLike: { 'kms:ViaService': ['rds.*.amazonaws.com'] } }, via), 'fails');
	});
});

suite('conditions in the restore\'s context (requirement sets)', () => {
	const set: RequirementSet = {
		id: 'with-context',
		...TEST_SET_HEADER,
		resourceScope: { mode: 'any', resources: ['*'] },
		requestContext: { 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' },
		actions: [{ action: 'kms:Decrypt' }, { action: 'iam:PassRole', requestContext: { 'iam:PassedToService': 'ec2.amazonaws.com' } }],
	};
	const checker = createChecker([set], { catalog: testCatalog });
	const check = (statements: unknown[]) => statuses(checker.analyze(policyText(statements), { scenarios: ['with-context'] }));

	test('holds → granted; cannot hold → the statement does not apply; open → conditional', () => {
		const kms = (values: string[]) => ({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'kms:ViaService': values } } });
		assert.strictEqual(check([kms(['ec2.*.amazonaws.com'])])['kms:Decrypt'], 'granted');
		assert.strictEqual(check([kms(['s3.*.amazonaws.com'])])['kms:Decrypt'], 'missing');
		const open = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } };
		assert.strictEqual(check([open])['kms:Decrypt'], 'conditional');
		// A Deny whose Condition holds in the context denies; one that cannot hold does not.
		const deny = (service: string) => ({ Effect: 'Deny', Action: 'kms:*', Resource: '*', Condition: { StringLike: { 'kms:ViaService': `${service}.*.amazonaws.com` } } });
		assert.strictEqual(check([kms(['ec2.*.amazonaws.com']), deny('ec2')])['kms:Decrypt'], 'denied');
		assert.strictEqual(check([kms(['ec2.*.amazonaws.com']), deny('s3')])['kms:Decrypt'], 'granted');
	});

	test('an action\'s own context adds to the set\'s', () => {
		const pass = (service: string) => ({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': service } } });
		assert.strictEqual(check([pass('ec2.amazonaws.com')])['iam:PassRole'], 'granted');
		assert.strictEqual(check([pass('lambda.amazonaws.com')])['iam:PassRole'], 'missing');
	});
});

suite('inference judges rivals in their restore context', () => {
	// Two sets with the same actions (rivals): only the second states the context its restore runs in.
	const base = {
		...TEST_SET_HEADER,
		resourceScope: { mode: 'any' as const, resources: ['*'] },
		actions: [{ action: 'dynamodb:RestoreTableFromBackup' }, { action: 'dynamodb:RestoreTableToPointInTime' }, { action: 'kms:Decrypt' }],
	};
	const withoutContext: RequirementSet = { ...base, id: 'without-context' };
	const inContext: RequirementSet = { ...base, id: 'in-context', requestContext: { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' } };
	const checker = createChecker([withoutContext, inContext], { catalog: testCatalog });

	test('a Condition that holds in a set\'s context satisfies it when inference ranks the rivals, as it does in the findings', () => {
		const policy = policyText([
			{ Effect: 'Allow', Action: ['dynamodb:RestoreTableFromBackup', 'dynamodb:RestoreTableToPointInTime'], Resource: '*' },
			{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'kms:ViaService': 'dynamodb.*.amazonaws.com' } } },
		]);
		const a = checker.analyze(policy);
		// Judged without the context both would be "conditional" and the first listed would win.
		assert.deepStrictEqual(a.scenarios.map((s) => [s.compiled.set.id, s.satisfied]), [['in-context', true]]);
		assert.match(a.scenarios[0].reason!, /chosen over without-context .* because the policy satisfies this one and not that one/);
	});
});
