import * as assert from 'assert';
import { createChecker, RequirementSet } from '../../../server/src/engine';
import { analyze, policyText, requirementSet, scenarioPolicy, spanText, statuses } from '../../support/fixtures';

/** A small scenario to test IAM semantics on, needing everything on "*" like the Veeam roles. */
const tiny: RequirementSet = {
	id: 'tiny',
	title: 'Tiny',
	shortTitle: 'Tiny',
	product: 'Test',
	productVersion: '1',
	source: { url: 'https://example.com', pageDate: null },
	principalType: 'role',
	resourceScope: { mode: 'all', resources: ['*'] },
	actions: [{ action: 'ec2:RunInstances' }, { action: 'ec2:DescribeInstances' }, { action: 'iam:PassRole' }],
};
/** The same actions, needed on some DynamoDB table (mode any), like AWS's DynamoDB pages. */
const tableScoped: RequirementSet = { ...tiny, id: 'table-scoped', resourceScope: { mode: 'any', resources: ['arn:aws:dynamodb:*:*:table/*'] } };
const checker = createChecker([tiny, tableScoped]);

function check(statements: unknown, scenario = 'tiny'): Record<string, string> {
	return statuses(checker.analyze(policyText(statements as unknown[]), { scenarios: [scenario] }));
}
const ALL = { Resource: '*' };

suite('IAM evaluation', () => {
	test('everything granted by an exact list', () => {
		assert.deepStrictEqual(check([{ Effect: 'Allow', Action: ['ec2:RunInstances', 'ec2:DescribeInstances', 'iam:PassRole'], ...ALL }]), {
			'ec2:RunInstances': 'granted', 'ec2:DescribeInstances': 'granted', 'iam:PassRole': 'granted',
		});
	});

	// "Action names are not case sensitive": reference_policies_elements_action.html
	test('action names match case-insensitively, the service prefix too', () => {
		const s = check([{ Effect: 'Allow', Action: ['EC2:runinstances', 'ec2:DESCRIBEINSTANCES', 'Iam:PassRole'], ...ALL }]);
		assert.ok(Object.values(s).every((v) => v === 'granted'), JSON.stringify(s));
	});

	// Wildcards * and ? anywhere in the action name: reference_policies_elements_action.html
	test('* and ? wildcards anywhere in the action', () => {
		assert.strictEqual(check([{ Effect: 'Allow', Action: ['ec2:*', 'iam:Pass*'], ...ALL }])['iam:PassRole'], 'granted');
		const s = check([{ Effect: 'Allow', Action: ['ec2:Run?nstances', 'ec2:*Instances', 'iam:*Role'], ...ALL }]);
		assert.ok(Object.values(s).every((v) => v === 'granted'), JSON.stringify(s));
		assert.strictEqual(check([{ Effect: 'Allow', Action: ['ec2:Run?Instances'], ...ALL }])['ec2:RunInstances'], 'missing');
		assert.strictEqual(check([{ Effect: 'Allow', Action: '*', ...ALL }])['iam:PassRole'], 'granted');
	});

	// The grammar allows wildcards only in the action name: "<action_string> = "*" |
	// <service_namespace>:<action_name>" (reference_policies_grammar.html); AWS rejects the others,
	// so they grant nothing, consistently with their action-malformed finding.
	test('a wildcard in the service prefix, whitespace or a missing colon: an error, and nothing granted', () => {
		for (const bad of ['*:PassRole', 'i*:PassRole', 'ia?:PassRole', ' iam:PassRole', 'iam:PassRole ', 'iam: PassRole', 'iamPassRole', 'iam:*:PassRole']) {
			const text = policyText([{ Effect: 'Allow', Action: [bad, 'ec2:*'], ...ALL }]);
			const a = checker.analyze(text, { scenarios: ['tiny'] });
			assert.strictEqual(statuses(a)['iam:PassRole'], 'missing', bad);
			assert.strictEqual(statuses(a)['ec2:RunInstances'], 'granted', bad);
			const f = a.findings.find((x) => x.code === 'action-malformed');
			assert.ok(f && f.severity === 'error', bad);
			assert.strictEqual(spanText(a, f), JSON.stringify(bad));
			// A Deny with such a string blocks nothing either.
			const deny = check([{ Effect: 'Allow', Action: '*', ...ALL }, { Effect: 'Deny', Action: bad, ...ALL }]);
			assert.strictEqual(deny['iam:PassRole'], 'granted', bad);
		}
		assert.strictEqual(check([{ Effect: 'Allow', Action: 'e*:Describe*', ...ALL }])['ec2:DescribeInstances'], 'missing');
	});

	test('Action as a single string', () => {
		assert.strictEqual(check([{ Effect: 'Allow', Action: 'iam:PassRole', ...ALL }])['iam:PassRole'], 'granted');
	});

	test('Statement as a single object instead of an array', () => {
		const text = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'ec2:*', Resource: '*' } });
		const s = statuses(checker.analyze(text, { scenarios: ['tiny'] }));
		assert.strictEqual(s['ec2:RunInstances'], 'granted');
		assert.strictEqual(s['iam:PassRole'], 'missing');
	});

	// NotAction with Allow grants every action not listed: reference_policies_elements_notaction.html
	test('NotAction allows everything it does not list', () => {
		const s = check([{ Effect: 'Allow', NotAction: 'iam:*', ...ALL }]);
		assert.deepStrictEqual(s, { 'ec2:RunInstances': 'granted', 'ec2:DescribeInstances': 'granted', 'iam:PassRole': 'missing' });
	});

	// An explicit deny overrides any allow: reference_policies_evaluation-logic.html
	test('Deny beats Allow', () => {
		const s = check([
			{ Effect: 'Allow', Action: '*', ...ALL },
			{ Effect: 'Deny', Action: 'ec2:RunInstances', ...ALL },
		]);
		assert.deepStrictEqual(s, { 'ec2:RunInstances': 'denied', 'ec2:DescribeInstances': 'granted', 'iam:PassRole': 'granted' });
	});

	test('Deny with NotAction denies everything it does not list', () => {
		const s = check([
			{ Effect: 'Allow', Action: '*', ...ALL },
			{ Effect: 'Deny', NotAction: ['ec2:Describe*', 'iam:*'], ...ALL },
		]);
		assert.deepStrictEqual(s, { 'ec2:RunInstances': 'denied', 'ec2:DescribeInstances': 'granted', 'iam:PassRole': 'granted' });
	});

	test('a Deny wins even when it comes first and the Allow is exact', () => {
		assert.strictEqual(check([{ Effect: 'Deny', Action: 'IAM:PASSROLE', ...ALL }, { Effect: 'Allow', Action: 'iam:PassRole', ...ALL }])['iam:PassRole'], 'denied');
	});

	// Conditions: reference_policies_elements_condition.html
	test('an Allow under a Condition is conditional', () => {
		const s = check([{ Effect: 'Allow', Action: 'ec2:*', ...ALL, Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }]);
		assert.strictEqual(s['ec2:RunInstances'], 'conditional');
		assert.strictEqual(s['iam:PassRole'], 'missing');
	});

	test('a Deny under a Condition makes a granted action conditional', () => {
		const s = check([
			{ Effect: 'Allow', Action: '*', ...ALL },
			{ Effect: 'Deny', Action: 'iam:PassRole', ...ALL, Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } } },
		]);
		assert.strictEqual(s['iam:PassRole'], 'conditional');
		assert.strictEqual(s['ec2:RunInstances'], 'granted');
	});

	test('an empty Condition object conditions nothing', () => {
		assert.strictEqual(check([{ Effect: 'Allow', Action: 'iam:PassRole', ...ALL, Condition: {} }])['iam:PassRole'], 'granted');
	});

	test('an unconditional Allow next to a conditional one grants', () => {
		const s = check([
			{ Effect: 'Allow', Action: 'iam:PassRole', ...ALL, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } },
			{ Effect: 'Allow', Action: 'iam:PassRole', ...ALL },
		]);
		assert.strictEqual(s['iam:PassRole'], 'granted');
	});

	test('an Allow on some resources is partial when the scenario needs "*"', () => {
		const s = check([{ Effect: 'Allow', Action: 'ec2:*', Resource: 'arn:aws:ec2:*:*:instance/*' }, { Effect: 'Allow', Action: 'iam:PassRole', Resource: ['arn:aws:iam::1:role/a', '*'] }]);
		assert.deepStrictEqual(s, { 'ec2:RunInstances': 'partial', 'ec2:DescribeInstances': 'partial', 'iam:PassRole': 'granted' });
	});

	test('resource wildcards: "*" alone and "**" cover everything', () => {
		assert.strictEqual(check([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '**' }])['iam:PassRole'], 'granted');
	});

	// NotResource: reference_policies_elements_notresource.html
	test('NotResource: an Allow on everything but some ARNs is partial; a Deny on everything but some ARNs denies part', () => {
		assert.strictEqual(check([{ Effect: 'Allow', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::1:role/admin' }])['iam:PassRole'], 'partial');
		const s = check([
			{ Effect: 'Allow', Action: '*', ...ALL },
			{ Effect: 'Deny', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::1:role/restore' },
		]);
		assert.strictEqual(s['iam:PassRole'], 'partial');
		assert.strictEqual(check([{ Effect: 'Allow', Action: '*', ...ALL }, { Effect: 'Deny', Action: 'iam:PassRole', NotResource: 'arn:aws:s3:::x' }])['iam:PassRole'], 'partial');
	});

	test('a Deny on a specific resource makes a "*" scenario partial, a Deny on "*" denies', () => {
		const partial = check([{ Effect: 'Allow', Action: '*', ...ALL }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: 'arn:aws:iam::1:role/admin' }]);
		assert.strictEqual(partial['iam:PassRole'], 'partial');
		assert.strictEqual(check([{ Effect: 'Allow', Action: '*', ...ALL }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: ['*'] }])['iam:PassRole'], 'denied');
	});

	test('Effect values are case-sensitive: "allow" grants nothing', () => {
		assert.strictEqual(check([{ Effect: 'allow', Action: '*', ...ALL }])['iam:PassRole'], 'missing');
	});

	suite('scenarios scoped to some table (mode any)', () => {
		test('one table or one backup ARN grants; "*" grants', () => {
			for (const resource of ['arn:aws:dynamodb:us-east-1:123456789012:table/Movies', 'arn:aws:dynamodb:us-east-1:1:table/Music/backup/0148-b3', '*', 'arn:aws:dynamodb:*:*:table/*']) {
				assert.strictEqual(check([{ Effect: 'Allow', Action: '*', Resource: resource }], 'table-scoped')['iam:PassRole'], 'granted', resource);
			}
		});

		test('a resource outside the scope grants nothing', () => {
			assert.strictEqual(check([{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket/*' }], 'table-scoped')['iam:PassRole'], 'missing');
		});

		test('a Deny on the only allowed table denies; on another table it does not', () => {
			const table = 'arn:aws:dynamodb:us-east-1:1:table/Books';
			assert.strictEqual(check([{ Effect: 'Allow', Action: '*', Resource: table }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: table }], 'table-scoped')['iam:PassRole'], 'denied');
			assert.strictEqual(
				check([{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:dynamodb:*:*:table/*' }, { Effect: 'Deny', Action: 'iam:PassRole', Resource: table }], 'table-scoped')['iam:PassRole'],
				'granted',
			);
		});
	});

	suite('removing any single required action is reported as missing', () => {
		for (const id of ['veeam-aws-dynamodb-restore', 'veeam-aws-ec2-restore', 'veeam-aws-ec2-restore-workers', 'veeam-vbr-ec2-restore', 'veeam-vbr-ec2-restore-helper', 'aws-dynamodb-backup-restore', 'aws-dynamodb-aws-backup-restore']) {
			test(id, () => {
				for (const { action } of requirementSet(id).actions) {
					const a = analyze(scenarioPolicy(id, [action]), [id]);
					const missing = a.scenarios[0].actions.filter((x) => x.status !== 'granted');
					assert.deepStrictEqual(missing.map((x) => [x.action, x.status]), [[action, 'missing']]);
					const finding = a.findings.find((f) => f.code === 'scenario-missing')!;
					assert.deepStrictEqual(finding.data?.actions, [action]);
					assert.ok(finding.message.includes(action), finding.message);
					assert.strictEqual(spanText(a, finding), '"Action"');
				}
			});
		}
	});

	test('the missing-actions finding names the scenario, the count and every action', () => {
		const a = analyze(scenarioPolicy('veeam-aws-ec2-restore', ['ec2:RunInstances', 'iam:PassRole']), ['veeam-aws-ec2-restore']);
		const f = a.findings.find((x) => x.code === 'scenario-missing')!;
		assert.strictEqual(f.message, 'EC2 restore (Veeam Backup for AWS 10.0.0.232) needs 2 more of its 56 actions: ec2:RunInstances, iam:PassRole.');
		assert.strictEqual(f.severity, 'error');
		assert.strictEqual(a.scenarios[0].granted, 54);
	});

	test('with no fitting Allow statement the finding sits on the Statement key', () => {
		const a = analyze(policyText([{ Effect: 'Allow', Action: 'kms:*', Resource: 'arn:aws:kms:*:*:key/*' }]), ['veeam-aws-ec2-restore']);
		const f = a.findings.find((x) => x.code === 'scenario-missing')!;
		assert.strictEqual(spanText(a, f), '"Statement"');
	});

	test('denied, conditional and partial findings sit on the statement that causes them, with related statements', () => {
		const text = policyText([
			{ Sid: 'All', Effect: 'Allow', Action: ['ec2:*', 'iam:PassRole'], Resource: '*' },
			{ Sid: 'NoRun', Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*' },
		]);
		const a = checker.analyze(text, { scenarios: ['tiny'] });
		const denied = a.findings.find((f) => f.code === 'scenario-denied')!;
		assert.strictEqual(spanText(a, denied), '"Deny"');
		assert.match(denied.message, /statement "NoRun" blocks 1 action that Tiny \(Test 1\) needs: ec2:RunInstances/);
		assert.strictEqual(denied.related?.length, 1);
		assert.strictEqual(a.text.slice(denied.related![0].span.offset).startsWith('{'), true);
		assert.match(denied.related![0].message, /"All"/);
	});
});

suite('trust policies', () => {
	const trust = (principal: unknown, action: unknown = 'sts:AssumeRole', effect = 'Allow') => policyText([{ Effect: effect, Principal: principal, Action: action }]);

	test('the DynamoDB restore role must trust backup.amazonaws.com', () => {
		const ok = analyze(trust({ Service: 'backup.amazonaws.com' }), ['veeam-aws-dynamodb-restore']);
		assert.strictEqual(ok.model?.kind, 'trust');
		assert.strictEqual(ok.scenarios[0].satisfied, true);
		assert.deepStrictEqual(ok.findings, []);
		const bad = analyze(trust({ Service: 'ec2.amazonaws.com' }), ['veeam-aws-dynamodb-restore']);
		assert.strictEqual(bad.scenarios[0].satisfied, false);
		const f = bad.findings.find((x) => x.code === 'trust-principal-missing')!;
		assert.match(f.message, /"backup\.amazonaws\.com" perform sts:AssumeRole/);
	});

	test('a list of services, sts:* and a wrong action', () => {
		assert.strictEqual(analyze(trust({ Service: ['ec2.amazonaws.com', 'backup.amazonaws.com'] }, 'sts:*'), ['veeam-aws-dynamodb-restore']).scenarios[0].satisfied, true);
		assert.strictEqual(analyze(trust({ Service: 'backup.amazonaws.com' }, 'sts:TagSession'), ['veeam-aws-dynamodb-restore']).scenarios[0].satisfied, false);
	});

	test('a scenario without a trust requirement has nothing to check in a trust policy', () => {
		const a = analyze(trust({ Service: 'ec2.amazonaws.com' }), ['veeam-aws-ec2-restore']);
		assert.strictEqual(a.scenarios[0].satisfied, true);
		assert.deepStrictEqual(a.findings, []);
	});

	test('trust policies are not inferred as permission scenarios', () => {
		assert.deepStrictEqual(analyze(trust({ Service: 'backup.amazonaws.com' })).scenarios, []);
	});
});
