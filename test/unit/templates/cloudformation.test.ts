import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Analysis, applyTextEdits, createChecker, Finding, fixAll, getFixes, LineIndex, yamlSyntax } from '../../../server/src/engine';
import { ManagedPolicies } from '../../../server/src/engine/managedPolicies';
import { builtinRequirementSets } from '../../../server/src/scenarios';
import { testCatalog } from '../../support/catalog';
import { repoRoot } from '../../support/fixtures';

/**
 * CloudFormation (JSON, YAML, SAM) and the AWS CLI's wrappers, read into the one policy model:
 * roles evaluated as one, findings at exact ranges in the template, fixes written in its syntax.
 * Resource docs: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
 */

const managed = ManagedPolicies.parse(fs.readFileSync(path.join(repoRoot, 'server', 'src', 'catalog', 'aws-managed-policies.json'), 'utf8'));
const checker = createChecker(builtinRequirementSets, {
	catalog: testCatalog,
	managedPolicy: (arn) => {
		const p = managed.get(arn);
		return p && { name: p.name, text: JSON.stringify(p.document) };
	},
});
const corpus = (...parts: string[]) => path.join(repoRoot, 'test', 'corpus', 'templates', ...parts);
const read = (...parts: string[]) => fs.readFileSync(corpus(...parts), 'utf8');

function yaml(text: string, options: Parameters<typeof checker.analyze>[1] = {}): Analysis {
	return checker.analyze(text, { syntax: 'yaml', ...options });
}

/** `line:column text` of a finding, 1-based, with the text it underlines. */
function where(analysis: Analysis, f: Finding): string {
	const p = new LineIndex(analysis.text).position(f.span.offset);
	return `${p.line + 1}:${p.character + 1} ${analysis.text.slice(f.span.offset, f.span.offset + f.span.length)}`;
}

function only(analysis: Analysis, code: string): Finding {
	const found = analysis.findings.filter((f) => f.code === code);
	assert.strictEqual(found.length, 1, `one ${code} in ${JSON.stringify(analysis.findings.map((f) => f.code))}`);
	return found[0];
}

function roleStatuses(analysis: Analysis, role: string): Record<string, string> {
	const r = analysis.roles?.find((x) => x.name === role);
	assert.ok(r, `role ${role}`);
	return Object.fromEntries(r.scenarios.flatMap((s) => s.actions.map((a) => [`${s.compiled.set.id} ${a.action}`, a.status])));
}

suite('CloudFormation templates', () => {
	test('YAML: a role with its trust, inline policy and an AWS::IAM::Policy that names it is one role; the finding sits on the deciding Action key', () => {
		const a = yaml(read('made', 'dynamodb-restore-role.yaml'));
		assert.strictEqual(a.kind, 'template');
		assert.deepStrictEqual(a.roles!.map((r) => [r.name, r.policies, r.trust]), [['RestoreRole', ['RestoreRole/Policies/restore', 'ReadPolicy'], 'RestoreRole/AssumeRolePolicyDocument']]);
		assert.deepStrictEqual(roleStatuses(a, 'RestoreRole'), {
			'aws-dynamodb-aws-backup-restore dynamodb:RestoreTableFromAwsBackup': 'granted',
			'aws-dynamodb-aws-backup-restore dynamodb:DescribeTable': 'granted',
			// On a table named only at deploy time (!Sub …table/${TableName}): the scenario needs some table.
			'aws-dynamodb-aws-backup-restore dynamodb:Query': 'granted',
			'aws-dynamodb-aws-backup-restore dynamodb:Scan': 'missing',
		});
		const missing = only(a, 'scenario-missing');
		assert.strictEqual(where(a, missing), '27:17 Action');
		assert.match(missing.message, /dynamodb:Scan/);
		// The annotation chose the scenario: nothing is inferred.
		assert.ok(!a.findings.some((f) => f.code === 'scenario-inferred'));
	});

	test('deploy-time values are never "*" and never an unknown action', () => {
		const a = yaml(read('made', 'dynamodb-restore-role.yaml'));
		assert.ok(!a.findings.some((f) => f.code.startsWith('action-unknown')), JSON.stringify(a.findings.map((f) => f.code)));
		// A scenario that needs every resource: the !Sub ARN reaches some, not all, and the finding says why.
		const b = yaml(read('made', 'dynamodb-restore-role.yaml').replace('scenarios: [aws-dynamodb-aws-backup-restore]', 'scenarios: [aws-dynamodb-restore-specific-backup]'));
		const partial = b.findings.find((f) => f.code === 'scenario-partial');
		assert.ok(partial, JSON.stringify(b.findings.map((f) => f.code)));
		assert.match(partial.message, /known only at deploy time/);
		assert.deepStrictEqual(partial.data?.deployTime, ["!Sub 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${TableName}'"]);
	});

	test('JSON template: long-form intrinsics are deploy-time values, ManagedPolicyArns {"Ref": …} attaches the template\'s managed policy', () => {
		const a = checker.analyze(read('made', 'dynamodb-restore-role.json'));
		assert.strictEqual(a.kind, 'template');
		assert.deepStrictEqual(a.roles!.map((r) => [r.name, r.policies]), [['RestoreRole', ['RestorePolicy']]]);
		assert.strictEqual(roleStatuses(a, 'RestoreRole')['aws-dynamodb-aws-backup-restore dynamodb:Query'], 'missing');
		assert.strictEqual(where(a, only(a, 'scenario-missing')), '25:15 "Action"');
		assert.ok(!a.findings.some((f) => f.code === 'value-type'), 'a {"Fn::GetAtt": …} Resource is not a type error');
	});

	test('SAM: a function\'s Policies (inline documents, managed policy names) make its role; a policy template is named as not read, never silently skipped', () => {
		const a = yaml(read('made', 'sam-function.yaml'));
		const role = a.roles!.find((r) => r.name === 'RestoreFunction')!;
		assert.deepStrictEqual(role.policies, ['RestoreFunction/Policies/2', 'AWSXrayWriteOnlyAccess']);
		assert.deepStrictEqual(role.unresolved, ['SAM policy template DynamoDBReadPolicy']);
		assert.strictEqual(roleStatuses(a, 'RestoreFunction')['aws-dynamodb-backup-restore dynamodb:RestoreTableFromBackup'], 'granted');
		const missing = only(a, 'scenario-missing');
		assert.strictEqual(where(a, missing), '20:15 Action');
		// DynamoDBReadPolicy may grant some of what is missing (it grants reads): the finding says so.
		assert.match(missing.message, /also attaches "SAM policy template DynamoDBReadPolicy", which could not be read here/);
	});

	test('AWS managed policies attached by ARN are evaluated offline: the AWS Backup role of aws-samples satisfies the AWS Backup restore', () => {
		const a = yaml(read('aws-samples-backup-member-account-role.yaml'), { scenarios: ['aws-dynamodb-aws-backup-restore'], only: ['rOrgAccountBackupRole'] });
		const role = a.roles!.find((r) => r.name === 'rOrgAccountBackupRole')!;
		assert.deepStrictEqual(role.policies, ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores']);
		assert.ok(role.scenarios.every((s) => s.satisfied), JSON.stringify(roleStatuses(a, 'rOrgAccountBackupRole')));
		assert.deepStrictEqual(a.roles!.map((r) => r.name), ['rOrgAccountBackupRole'], '--only keeps one role');
	});

	test('a permissions boundary of the template limits the role: an action it does not allow is denied, said at the role', () => {
		const a = yaml(read('made', 'permissions-boundary.yaml'));
		assert.strictEqual(roleStatuses(a, 'RestoreRole')['aws-dynamodb-aws-backup-restore dynamodb:Scan'], 'denied');
		assert.strictEqual(where(a, only(a, 'scenario-denied')), '12:3 RestoreRole');
		assert.deepStrictEqual(a.policies!.find((p) => p.name === 'Boundary')?.analysis.scenarios, [], 'a boundary is not itself checked against scenarios');
	});

	test('an attachment the file cannot read is named in the finding, never silently assumed to grant', () => {
		const text = read('made', 'dynamodb-restore-role.yaml').replace('      Policies:\n', '      ManagedPolicyArns:\n        - !ImportValue SharedRestorePolicyArn\n      Policies:\n');
		const missing = only(yaml(text), 'scenario-missing');
		assert.match(missing.message, /also attaches "!ImportValue SharedRestorePolicyArn", which could not be read here/);
	});

	test('scenario choice: glob#NAME beats the annotation, the annotation beats the file-wide choice, inference otherwise', () => {
		const text = read('made', 'dynamodb-restore-role.yaml');
		const ids = (a: Analysis) => a.roles![0].scenarios.map((s) => s.compiled.set.id);
		assert.deepStrictEqual(ids(yaml(text, { scenarios: ['aws-dynamodb-backup-restore'] })), ['aws-dynamodb-aws-backup-restore']);
		assert.deepStrictEqual(ids(yaml(text, { scenariosByName: { RestoreRole: ['aws-dynamodb-backup-restore'] } })), ['aws-dynamodb-backup-restore']);
		const bare = text.replace(/    Metadata:\n.*\n.*\n/, '');
		assert.deepStrictEqual(ids(yaml(bare, { scenarios: ['aws-dynamodb-backup-restore'] })), ['aws-dynamodb-backup-restore']);
		const inferred = yaml(bare);
		assert.ok(inferred.roles![0].scenarios.every((s) => s.inferred));
		assert.strictEqual(where(inferred, only(inferred, 'scenario-inferred')), '7:3 RestoreRole');
	});

	test('an annotation naming an unknown scenario is an error at the annotation', () => {
		const a = yaml(read('made', 'dynamodb-restore-role.yaml').replace('[aws-dynamodb-aws-backup-restore]', '[aws-dynamodb-aws-backup-restore, veeam-typo]'));
		assert.strictEqual(where(a, only(a, 'annotation-unknown-scenario')), '11:20 [aws-dynamodb-aws-backup-restore, veeam-typo]');
	});

	test('the AWS CLI wrappers read as the policy they hold, with findings at their place in the file', () => {
		const version = checker.analyze(read('made', 'policy-version.json'), { scenarios: ['aws-dynamodb-aws-backup-restore'] });
		assert.strictEqual(version.kind, 'policy');
		assert.strictEqual(version.format, 'wrapper');
		assert.strictEqual(where(version, only(version, 'scenario-missing')), '8:21 "Action"');
		const role = checker.analyze(read('made', 'get-role.json'), { scenarios: ['veeam-aws-dynamodb-restore'] });
		assert.strictEqual(role.model?.kind, 'trust');
		const bare = checker.analyze(read('made', 'policy-document.json'));
		assert.strictEqual(where(bare, only(bare, 'action-case')), '6:17 "dynamodb:restoretablefromawsbackup"');
	});

	test('files without IAM get nothing: a Kubernetes manifest is never parsed, package.json stays silent', () => {
		const k8s = yaml(read('made', 'kubernetes-manifest.yaml'));
		assert.deepStrictEqual([k8s.kind, k8s.findings], ['not-policy', []]);
		assert.strictEqual(yamlSyntax.mayContainIam(read('made', 'kubernetes-manifest.yaml')), false);
		assert.deepStrictEqual(checker.analyze('{"name": "x", "version": "1.0.0", "Resources": {"a": 1}}').findings, []);
	});

	test('half-typed YAML: a clear finding at the error, never a crash; an empty Action is still read', () => {
		const text = 'Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: [sts:AssumeRole\n';
		const a = yaml(text);
		assert.ok(a.findings.some((f) => f.code === 'host-syntax'), JSON.stringify(a.findings.map((f) => f.code)));
		for (let cut = 0; cut <= text.length; cut += 7) yaml(text.slice(0, cut));
		const empty = yaml('Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action:\n            Resource: "*"\n');
		assert.strictEqual(empty.kind, 'template');
	});
});

suite('CloudFormation YAML: completion and hover in Action lists', () => {
	const base = read('made', 'dynamodb-restore-role.yaml');
	/** The template with `typed` in place of the second action item, and the offset after it. */
	function typing(typed: string): { text: string; offset: number; a: Analysis } {
		const text = base.replace('                  - dynamodb:DescribeTable\n', `                  - dynamodb:DescribeTable\n                  - ${typed}\n`);
		const offset = text.indexOf(`- ${typed}\n`) + 2 + typed.length;
		return { text, offset, a: yaml(text) };
	}

	test('a plain scalar being typed: its text is replaced, the role\'s missing actions come first, inserted unquoted', () => {
		const { text, offset, a } = typing('dynamodb:Sc');
		const c = checker.complete(text, offset, a)!;
		assert.ok(c, 'no completion on a YAML plain scalar');
		assert.strictEqual(c.prefix, 'dynamodb:Sc');
		assert.strictEqual(text.slice(c.span.offset, c.span.offset + c.span.length), 'dynamodb:Sc');
		assert.deepStrictEqual([c.items[0].label, c.items[0].required, c.items[0].insertText], ['dynamodb:Scan', true, 'dynamodb:Scan']);
		// The completed file reads the action and satisfies the role.
		const done = text.slice(0, c.span.offset) + c.items[0].insertText + text.slice(c.span.offset + c.span.length);
		assert.strictEqual(roleStatuses(yaml(done), 'RestoreRole')['aws-dynamodb-aws-backup-restore dynamodb:Scan'], 'granted');
	});

	test('a service prefix and its colon (`- dynamodb:`, which YAML reads as a mapping) lists the service\'s actions', () => {
		const { text, offset, a } = typing('dynamodb:');
		const c = checker.complete(text, offset, a)!;
		assert.ok(c, 'no completion after the colon');
		assert.strictEqual(c.prefix, 'dynamodb:');
		assert.strictEqual(text.slice(c.span.offset, c.span.offset + c.span.length), 'dynamodb:');
		assert.ok(c.items.some((i) => i.label === 'dynamodb:GetItem' && i.insertText === 'dynamodb:GetItem'));
	});

	test('an empty item (`- `) proposes the missing actions and the services, unquoted; a flow list gets quoted items', () => {
		const text = base.replace('                  - dynamodb:DescribeTable\n', '                  - dynamodb:DescribeTable\n                  - \n');
		const offset = text.indexOf('                  - \n') + '                  - '.length;
		const c = checker.complete(text, offset, yaml(text))!;
		assert.ok(c, 'no completion on an empty item');
		assert.deepStrictEqual([c.span.length, c.prefix], [0, '']);
		assert.strictEqual(c.items[0].insertText, 'dynamodb:Scan');
		assert.ok(c.items.some((i) => i.kind === 'service' && i.insertText === 's3:' && i.retrigger));
		const flow = base.replace('Action: [dynamodb:Query]', 'Action: [dynamodb:Query, ]');
		const between = flow.indexOf('[dynamodb:Query, ]') + '[dynamodb:Query, '.length;
		const f = checker.complete(flow, between, yaml(flow))!;
		assert.ok(f.items.some((i) => i.insertText === '"dynamodb:Scan"'));
		// Not in an action list: nothing (a Sid, a Resource).
		assert.strictEqual(checker.complete(base, base.indexOf('Sid: Restore') + 7, yaml(base)), undefined);
		assert.strictEqual(checker.complete(base, base.indexOf("Resource: '*'") + 11, yaml(base)), undefined);
	});

	test('hover on a plain scalar action says what it is, over its exact range', () => {
		const a = yaml(base);
		const at = base.indexOf('dynamodb:DescribeTable') + 4;
		const h = checker.hover(a, at)!;
		assert.ok(h, 'no hover on a YAML action');
		assert.strictEqual(base.slice(h.span.offset, h.span.offset + h.span.length), 'dynamodb:DescribeTable');
		assert.match(h.markdown, /DescribeTable/);
	});
});

suite('CloudFormation quick fixes in the host syntax', () => {
	function fixOf(a: Analysis, code: string) {
		const fixes = getFixes(a, only(a, code));
		assert.ok(fixes.length > 0, `a fix for ${code}`);
		return applyTextEdits(a.text, fixes[0].edits);
	}

	test('missing actions become block sequence items at the items\' column, and the role is then satisfied', () => {
		const before = read('made', 'dynamodb-restore-role.yaml');
		const after = fixOf(yaml(before), 'scenario-missing');
		assert.ok(after.includes('                  - dynamodb:DescribeTable\n                  - dynamodb:Scan\n                Resource'), after);
		assert.strictEqual(yamlSyntax.errorCount(after), 0);
		assert.ok(yaml(after).roles![0].scenarios.every((s) => s.satisfied));
	});

	test('flow sequences get flow items; a scalar Action becomes a block list under its key; quotes are kept', () => {
		const flow = read('made', 'flow-style.yaml');
		const after = fixOf(yaml(flow, { scenarios: ['aws-dynamodb-aws-backup-restore'] }), 'scenario-missing');
		assert.ok(after.includes("Action: ['dynamodb:DescribeTable', 'dynamodb:Query', 'dynamodb:RestoreTableFromAwsBackup', 'dynamodb:Scan']"), after);
		assert.strictEqual(yamlSyntax.errorCount(after), 0);
		const scalar = 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: "dynamodb:Scan" # keep me\n            Resource: "*"\n';
		const fixed = fixOf(yaml(scalar, { scenarios: ['aws-dynamodb-aws-backup-restore'] }), 'scenario-missing');
		assert.strictEqual(
			fixed,
			'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action:\n              - "dynamodb:DescribeTable"\n              - "dynamodb:Query"\n              - "dynamodb:RestoreTableFromAwsBackup"\n              - "dynamodb:Scan" # keep me\n            Resource: "*"\n',
		);
	});

	test('a trust principal is added in the trust policy\'s own style; casing is fixed in place', () => {
		const a = yaml(read('made', 'dynamodb-restore-role.yaml').replace('[aws-dynamodb-aws-backup-restore]', '[veeam-aws-dynamodb-restore]'));
		const trust = a.findings.find((f) => f.code === 'trust-principal-missing');
		assert.ok(trust);
		const after = applyTextEdits(a.text, getFixes(a, trust)[0].edits);
		assert.strictEqual(yamlSyntax.errorCount(after), 0);
		assert.ok(!yaml(after).findings.some((f) => f.code === 'trust-principal-missing' && f.data?.principal === trust.data?.principal), after);
		const cased = yaml('Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: [dynamodb:scan]\n            Resource: "*"\n');
		assert.ok(fixOf(cased, 'action-case').includes('Action: [dynamodb:Scan]'));
	});

	test('fix-all writes YAML that parses and is idempotent; JSON templates stay JSON', () => {
		const text = read('made', 'dynamodb-restore-role.yaml');
		const once = fixAll(checker, text, { syntax: 'yaml' });
		assert.ok(once.applied.length > 0);
		assert.strictEqual(yamlSyntax.errorCount(once.text), 0);
		assert.strictEqual(fixAll(checker, once.text, { syntax: 'yaml' }).edit, undefined);
		const json = fixAll(checker, read('made', 'dynamodb-restore-role.json'));
		assert.doesNotThrow(() => JSON.parse(json.text));
		assert.ok(checker.analyze(json.text).roles![0].scenarios.every((s) => s.satisfied));
	});
});
