import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { type Analysis, applyTextEdits, type Checker, createChecker, fixAll, getFixes } from '../../../server/src/engine';
import { hclSyntax } from '../../../server/src/engine/host/hclSyntax';
import { managedPolicyResolver } from '../../../server/src/engine/managedPolicies';
import { loadActionCatalog } from '../../../server/src/node/catalogFile';
import { loadManagedPolicies } from '../../../server/src/node/managedPoliciesFile';
import { builtinRequirementSets } from '../../../server/src/scenarios';
import { terraformCorpus, testParser } from './terraform.test';

const fixtures = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'terraform');
const syntax = hclSyntax(testParser);
let checker: Checker;

function fixture(name: string): string {
	return fs.readFileSync(path.join(fixtures, name), 'utf8');
}

function analyze(text: string, scenarios?: string[]): Analysis {
	return checker.analyze(text, { syntax: 'hcl', scenarios });
}

/** Per role: scenario id → the statuses that are not `granted`. */
function statuses(a: Analysis): Record<string, Record<string, string[]>> {
	const out: Record<string, Record<string, string[]>> = {};
	for (const r of a.roles ?? []) out[r.name] = Object.fromEntries(r.scenarios.map((s) => [s.compiled.set.id, s.actions.filter((x) => x.status !== 'granted').map((x) => `${x.action}:${x.status}`)]));
	return out;
}

function at(text: string, span: { offset: number; length: number }): string {
	return text.slice(span.offset, span.offset + span.length);
}

suite('Terraform: roles evaluated where they are written', () => {
	suiteSetup(async () => {
		await testParser.load();
		checker = createChecker(builtinRequirementSets, { catalog: () => loadActionCatalog(), syntaxes: [syntax], managedPolicy: managedPolicyResolver(() => loadManagedPolicies()) });
	});

	test('a Terraform file without IAM gets nothing, and is not even parsed', () => {
		const text = fixture('no-iam.tf');
		assert.strictEqual(syntax.mayContainIam(text), false);
		const a = analyze(text);
		assert.strictEqual(a.kind, 'not-policy');
		assert.deepStrictEqual(a.findings, []);
		// Failing closed (README.md): asked for a scenario, a file with no policy is a finding.
		assert.deepStrictEqual(analyze(text, ['aws-dynamodb-backup-restore']).findings.map((f) => f.code), ['no-policy']);
	});

	test('aws_iam_policy_document: the missing actions on the statement\'s `actions`, the trust principal on its identifiers', () => {
		const text = fixture('document-role.tf');
		const a = analyze(text, ['veeam-aws-dynamodb-restore']);
		const role = a.roles!.find((r) => r.name === 'aws_iam_role.restore')!;
		assert.strictEqual(role.scenarios[0].satisfied, false);
		assert.strictEqual(role.scenarios[0].actions.length, 35);
		const missing = a.findings.find((f) => f.code === 'scenario-missing')!;
		assert.strictEqual(at(text, missing.span), 'actions');
		assert.strictEqual(text.lastIndexOf('actions', text.indexOf('"dynamodb:RestoreTableFromAwsBackup"')), missing.span.offset);
		const trust = a.findings.find((f) => f.code === 'trust-principal-missing')!;
		assert.ok(trust, JSON.stringify(a.findings.map((f) => f.code)));
	});

	test('jsonencode: casing hint on the string as written, a deploy-time action is no unknown action, annotation chooses the scenario', () => {
		const text = fixture('jsonencode-role.tf');
		const a = analyze(text);
		assert.deepStrictEqual(statuses(a), {
			'aws_iam_role.restore': { 'aws-dynamodb-backup-restore': ['dynamodb:DeleteItem:missing', 'dynamodb:GetItem:missing', 'dynamodb:Query:missing', 'dynamodb:Scan:missing', 'dynamodb:BatchWriteItem:missing'] },
		});
		const casing = a.findings.find((f) => f.code === 'action-case')!;
		assert.strictEqual(at(text, casing.span), '"dynamodb:restoretablefrombackup"');
		assert.ok(!a.findings.some((f) => f.code === 'action-unknown' || f.code === 'action-malformed'), JSON.stringify(a.findings.map((f) => [f.code, at(text, f.span)])));
		assert.ok(!a.findings.some((f) => f.code === 'scenario-inferred'));
	});

	test('heredoc JSON: findings inside the heredoc at their exact place', () => {
		const text = fixture('heredoc-policy.tf');
		const a = analyze(text);
		assert.deepStrictEqual(statuses(a), { 'aws_iam_role.restore': { 'aws-dynamodb-aws-backup-restore': ['dynamodb:Query:missing', 'dynamodb:Scan:missing'] } });
		const missing = a.findings.find((f) => f.code === 'scenario-missing')!;
		assert.strictEqual(at(text, missing.span), '"Action"');
		assert.ok(missing.span.offset > text.indexOf('<<-POLICY'));
	});

	test('an AWS managed policy attached by ARN is evaluated with its document (AWSBackupServiceRolePolicyForRestores)', () => {
		const a = analyze(fixture('managed-arn.tf'));
		const role = a.roles![0];
		assert.deepStrictEqual(role.policies, ['AWSBackupServiceRolePolicyForRestores']);
		assert.deepStrictEqual(role.unresolved, []);
		assert.strictEqual(role.scenarios[0].satisfied, true);
	});

	test('a permissions boundary limits the role: an action outside it is not granted, said at the role', () => {
		// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
		const text = fixture('boundary.tf');
		const a = analyze(text);
		assert.deepStrictEqual(statuses(a), { 'aws_iam_role.restore': { 'aws-dynamodb-aws-backup-restore': ['dynamodb:RestoreTableFromAwsBackup:denied'] } });
		const denied = a.findings.find((f) => f.code === 'scenario-denied')!;
		assert.strictEqual(at(text, denied.span), '"restore"');
		assert.match(denied.message, /permissions boundary aws_iam_policy\.boundary/);
		// The boundary itself is not checked against a scenario (it grants nothing).
		assert.deepStrictEqual(a.policies!.find((p) => p.name === 'aws_iam_policy.boundary')!.analysis.scenarios, []);
	});

	test('completion inside an HCL actions list: the role\'s missing actions first, then the service\'s actions', () => {
		const text = fixture('document-role.tf').replace('"dynamodb:PutItem",', '"dynamodb:PutItem",\n      "dynamodb:Des",');
		const a = analyze(text, ['veeam-aws-dynamodb-restore']);
		const inside = text.indexOf('"dynamodb:Des"') + '"dynamodb:Des'.length;
		const typed = checker.complete(text, inside, a)!;
		assert.ok(typed, 'no completion in the string');
		assert.strictEqual(typed.prefix, 'dynamodb:Des');
		assert.strictEqual(at(text, typed.span), 'dynamodb:Des');
		assert.strictEqual(typed.items[0].required, true);
		assert.ok(typed.items.some((i) => i.label === 'dynamodb:DescribeTable'));
		// Between items: a new quoted item.
		const between = text.indexOf('"dynamodb:PutItem",') + '"dynamodb:PutItem",'.length;
		const fresh = checker.complete(text, between, a)!;
		assert.ok(fresh.items.some((i) => i.insertText === '"dynamodb:DescribeTable"'));
		// Not in an action list: nothing.
		assert.strictEqual(checker.complete(text, text.indexOf('"Restore"') + 2, a), undefined);
	});

	test('completion and hover in heredoc JSON and in jsonencode: the same proposals, quoted as the host writes them', () => {
		// Heredoc JSON: inside a string being typed, and a new element between two.
		const heredoc = fixture('heredoc-policy.tf').replace('"dynamodb:DescribeTable"]', '"dynamodb:DescribeTable", "dynamodb:Des"]');
		const h = analyze(heredoc);
		const typed = checker.complete(heredoc, heredoc.indexOf('"dynamodb:Des"]') + '"dynamodb:Des'.length, h)!;
		assert.ok(typed, 'no completion in heredoc JSON');
		assert.strictEqual(at(heredoc, typed.span), 'dynamodb:Des');
		assert.ok(typed.items.some((i) => i.label === 'dynamodb:DescribeBackup' && i.insertText === 'dynamodb:DescribeBackup'));
		const between = heredoc.indexOf('"dynamodb:RestoreTableFromAwsBackup",') + '"dynamodb:RestoreTableFromAwsBackup",'.length;
		assert.ok(checker.complete(heredoc, between, h)!.items.some((i) => i.insertText === '"dynamodb:Query"'));
		const hover = checker.hover(h, heredoc.indexOf('dynamodb:DescribeTable'))!;
		assert.strictEqual(at(heredoc, hover.span), '"dynamodb:DescribeTable"');
		// jsonencode: HCL strings.
		const encoded = fixture('jsonencode-role.tf');
		const e = analyze(encoded);
		const inString = checker.complete(encoded, encoded.indexOf('"dynamodb:PutItem"') + '"dynamodb:Pu'.length, e)!;
		assert.strictEqual(inString.prefix, 'dynamodb:Pu');
		assert.ok(inString.items.some((i) => i.label === 'dynamodb:PutItem'));
		assert.strictEqual(at(encoded, checker.hover(e, encoded.indexOf('dynamodb:UpdateItem'))!.span), '"dynamodb:UpdateItem"');
	});

	test('a finding an attached AWS managed policy decides points at the ARN that attaches it, with the policy\'s name; an AWS managed boundary too', () => {
		const role = (attachments: string) => `# iam-restore-lint: aws-dynamodb-aws-backup-restore
resource "aws_iam_role" "restore" {
  name               = "restore"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "backup.amazonaws.com" } }] })
${attachments}
  inline_policy {
    name   = "restore"
    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["dynamodb:RestoreTableFromAwsBackup", "dynamodb:DescribeTable", "dynamodb:Query", "dynamodb:Scan"], Resource = "*" }] })
  }
}
`;
		// AWSDenyAll (Deny * on *) decides every action: said at its ARN, not dropped.
		const denyAll = role('  managed_policy_arns = ["arn:aws:iam::aws:policy/AWSDenyAll"]');
		const a = analyze(denyAll);
		assert.deepStrictEqual(statuses(a)['aws_iam_role.restore']['aws-dynamodb-aws-backup-restore'].map((x) => x.split(':').pop()), ['denied', 'denied', 'denied', 'denied']);
		const denied = a.findings.filter((f) => f.code === 'scenario-denied');
		assert.strictEqual(denied.length, 1, JSON.stringify(a.findings.map((f) => [f.code, f.message])));
		assert.strictEqual(at(denyAll, denied[0].span), '"arn:aws:iam::aws:policy/AWSDenyAll"');
		assert.match(denied[0].message, /^In the AWS managed policy AWSDenyAll, attached here: The Deny in /);
		assert.strictEqual(denied[0].data?.managedPolicy, 'AWSDenyAll');
		assert.strictEqual(denied[0].data?.statement, undefined);
		// A boundary that is an AWS managed policy (S3 read-only): the DynamoDB actions are outside it, said at its ARN.
		const bounded = role('  permissions_boundary = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"');
		const b = analyze(bounded);
		const outside = b.findings.find((f) => f.code === 'scenario-denied')!;
		assert.ok(outside, JSON.stringify(b.findings.map((f) => f.code)));
		assert.strictEqual(at(bounded, outside.span), '"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"');
		assert.match(outside.message, /permissions boundary AWS managed policy AmazonS3ReadOnlyAccess, which does not allow 4 actions/);
		assert.deepStrictEqual(b.roles![0].unresolved, []);
	});

	test('JSON inside a quoted HCL string: read through the escapes, findings at the escaped text, fixes written escaped so the string stays valid', () => {
		const oneLine = String.raw`# iam-restore-lint: aws-dynamodb-backup-restore
resource "aws_iam_role" "restore" {
  name               = "restore"
  assume_role_policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"dynamodb.amazonaws.com\"}, \"Action\": \"sts:AssumeRole\"}]}"
}

resource "aws_iam_role_policy" "restore" {
  role   = aws_iam_role.restore.id
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Sid\": \"Restore\", \"Effect\": \"Allow\", \"Action\": [\"dynamodb:restoretablefrombackup\", \"dynamodb:PutItem\"], \"Resource\": \"*\"}]}"
}
`;
		const multiLine = oneLine.replace('"{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Sid', '"{\\n  \\"Version\\": \\"2012-10-17\\",\\n  \\"Statement\\": [{\\"Sid');
		assert.notStrictEqual(multiLine, oneLine);
		for (const text of [oneLine, multiLine]) {
			const a = analyze(text);
			const policy = a.policies!.find((p) => p.name === 'aws_iam_role_policy.restore')!;
			assert.strictEqual(policy.syntax, 'json');
			const casing = a.findings.find((f) => f.code === 'action-case')!;
			assert.ok(casing, JSON.stringify(a.findings.map((f) => f.code)));
			assert.strictEqual(at(text, casing.span), '\\"dynamodb:restoretablefrombackup\\"');
			const missing = a.findings.find((f) => f.code === 'scenario-missing')!;
			assert.strictEqual(at(text, missing.span), '\\"Action\\"');
			for (const f of [casing, missing]) {
				const fixes = getFixes(a, f);
				assert.ok(fixes.length > 0, `no fix for ${f.code}`);
				const fixed = applyTextEdits(text, fixes[0].edits);
				assert.strictEqual(syntax.errorCount(fixed), 0, fixed);
				const again = analyze(fixed);
				// The string still holds JSON that reads as the same policy, now fixed.
				const root = again.policies!.find((p) => p.name === 'aws_iam_role_policy.restore')!.analysis.model!.root;
				assert.strictEqual(root.type, 'object', fixed);
				if (f.code === 'action-case') assert.ok(fixed.includes('\\"dynamodb:RestoreTableFromBackup\\"'), fixed);
				else assert.ok(again.roles![0].scenarios[0].satisfied, JSON.stringify(again.findings.map((x) => [x.code, x.message])));
			}
			// fix-all: every safe fix at once, the file still parses, the role is satisfied.
			const all = fixAll(checker, text, { syntax: 'hcl' });
			assert.strictEqual(syntax.errorCount(all.text), 0);
			assert.ok(checker.analyze(all.text, { syntax: 'hcl' }).roles![0].scenarios[0].satisfied);
		}
	});

	test('an unclosed " (half-typed input): one finding at the quote, and no false alarm from the misread rest of the file', () => {
		const text = fixture('document-role.tf');
		const at = text.indexOf('"dynamodb:PutItem"') + '"dynamodb:PutItem'.length;
		const broken = text.slice(0, at) + text.slice(at + 1);
		// Before: tree-sitter read on to the next quote, "resources" vanished into the string and the
		// statement got "needs Resource", the attachment below was lost, errors landed lines later.
		const a = analyze(broken);
		assert.deepStrictEqual(a.findings.map((f) => [f.code, broken.slice(f.span.offset, f.span.offset + 18)]), [['host-syntax', '"dynamodb:PutItem,']], JSON.stringify(a.findings.map((f) => f.message)));
		assert.match(a.findings[0].message, /not closed on its line/);
		// With a scenario asked for, nothing checked fails closed (no-policy), never a pass and never a made-up status.
		const asked = analyze(broken, ['veeam-aws-dynamodb-restore']);
		assert.deepStrictEqual(asked.findings.map((f) => f.code), ['host-syntax', 'no-policy']);
		assert.deepStrictEqual(asked.roles ?? [], []);
		// Closed again: everything is back.
		assert.ok(analyze(text, ['veeam-aws-dynamodb-restore']).findings.some((f) => f.code === 'scenario-missing'));
	});

	test('hover on an action in HCL: what it is, at its range', () => {
		const text = fixture('document-role.tf');
		const a = analyze(text, ['veeam-aws-dynamodb-restore']);
		const h = checker.hover(a, text.indexOf('dynamodb:PutItem') + 3)!;
		assert.ok(h, 'no hover');
		assert.strictEqual(at(text, h.span), '"dynamodb:PutItem"');
		assert.match(h.markdown, /PutItem/);
	});

	for (const [name, scenario] of [
		['document-role.tf', 'veeam-aws-dynamodb-restore'],
		['jsonencode-role.tf', undefined],
		['heredoc-policy.tf', undefined],
	] as const) {
		test(`fix-all round trip: ${name} still parses and its role is satisfied afterwards`, () => {
			const text = fixture(name);
			const options = { syntax: 'hcl' as const, scenarios: scenario ? [scenario] : undefined };
			const result = fixAll(checker, text, options);
			assert.ok(result.applied.length > 0);
			assert.strictEqual(syntax.errorCount(result.text), 0, result.text);
			const after = checker.analyze(result.text, options);
			for (const r of after.roles!) assert.ok(r.scenarios.every((s) => s.satisfied), `${r.name}: ${JSON.stringify(statuses(after))}`);
			// Idempotent: a second run changes nothing.
			assert.strictEqual(fixAll(checker, result.text, options).text, result.text);
		});
	}

	// VeeamHub deploy_vbaws main.tf: the appliance's instance role may assume any role and is trusted
	// by EC2. "Appliance trust" (sts:AssumeRole, trusted by the appliance's role) shares its only
	// action, but its trust is for the roles added to the appliance: inferring it here was a false alarm.
	const assumeRole = (principal: string) => `
resource "aws_iam_role" "appliance" {
  name               = "appliance"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = ${principal} }]
  })
  inline_policy {
    name   = "assume"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" }]
    })
  }
}
`;
	test('a role inferred from sts:AssumeRole alone is not judged by a trust its own trust policy meets in no part', () => {
		const ec2 = analyze(assumeRole('{ Service = "ec2.amazonaws.com" }'));
		assert.deepStrictEqual(ec2.roles!.map((r) => r.scenarios.map((x) => x.compiled.set.id)), [[]]);
		assert.ok(!ec2.findings.some((f) => f.code === 'trust-principal-missing'), JSON.stringify(ec2.findings.map((f) => f.code)));
		// Trusted by an AWS principal (the appliance's role), it is that scenario's role, and satisfied.
		const aws = analyze(assumeRole('{ AWS = "arn:aws:iam::123456789012:role/veeam-appliance" }'));
		assert.deepStrictEqual(aws.roles!.map((r) => r.scenarios.map((x) => [x.compiled.set.id, x.satisfied])), [[['veeam-aws-appliance-trust', true]]]);
	});

	// Fuzzer find (seed 9001, case 34912): a heredoc whose marker is broken (`<<-POLI${CY`) is read
	// in part, and the "Version" fix-all added landed where the policy reading does not reach, so
	// every round and every run added it again. A fix whose finding survives is undone and left out.
	test('fix-all on a broken heredoc: a fix that does not take is not applied, so a second run changes nothing', () => {
		const text = fs.readFileSync(path.join(fixtures, '..', 'fuzz', 'broken-heredoc-case34912.tf'), 'utf8');
		const options = { syntax: 'hcl' as const };
		const once = fixAll(checker, text, options);
		assert.ok(!once.applied.some((t) => /Version/.test(t)), once.applied.join('; '));
		const twice = fixAll(checker, once.text, options);
		assert.strictEqual(twice.edit, undefined, `second run changed the file: ${twice.applied.join('; ')}`);
	});

	test('fix-all over every real corpus file with a role: the file still parses; every role with a policy of its own in the file is satisfied', () => {
		const files = fs.readdirSync(terraformCorpus, { recursive: true }).map(String).filter((f) => f.endsWith('.tf'));
		let satisfied = 0;
		for (const f of files) {
			const text = fs.readFileSync(path.join(terraformCorpus, f), 'utf8');
			const options = { syntax: 'hcl' as const, scenarios: ['aws-dynamodb-aws-backup-restore'] };
			const before = checker.analyze(text, options);
			if (!before.roles || before.roles.length === 0) continue;
			const result = fixAll(checker, text, options);
			assert.strictEqual(syntax.errorCount(result.text), 0, f);
			const after = checker.analyze(result.text, options);
			for (const r of after.roles!) {
				const own = before.roles.find((b) => b.name === r.name)!;
				// A role with only documents from elsewhere (file(), each.value) has nothing in this file to fix.
				if (own.policies.length === 0) continue;
				assert.ok(r.scenarios.every((s) => s.satisfied), `${f} ${r.name}: ${JSON.stringify(statuses(after)[r.name])}`);
				satisfied++;
			}
		}
		assert.ok(satisfied >= 3, String(satisfied));
	});

	// Fuzzer-style find (issue 11, HCL in the mutation set): a block comment holding a `"` makes the
	// bracket scan read the rest of the line as a string, so a tuple nested 5,000 deep reached the
	// HCL reader, whose recursion overflowed the stack: the analysis threw. The reader now stops at
	// its own depth limit; error nodes are walked without recursion.
	test('a tuple nested 5,000 deep behind a block comment with a quote is too deep, not a stack overflow', () => {
		const deep = (open: string, close: string) => `data "aws_iam_policy_document" "d" {\n  statement {\n    actions = /* " */ ${open.repeat(5000)}"s3:GetObject"${close.repeat(5000)}\n  }\n}\n`;
		const text = deep('[', ']');
		const a = analyze(text);
		assert.strictEqual(a.kind, 'too-deep');
		assert.deepStrictEqual(a.findings.map((f) => f.code), ['nesting-too-deep']);
		assert.strictEqual(fixAll(checker, text, { syntax: 'hcl' }).edit, undefined);
		// Unclosed, and in a block the reader skips: only the error walk sees the depth.
		const broken = `locals {\n  x = /* " */ ${'['.repeat(5000)}\n}\n` + fixture('document-role.tf');
		assert.doesNotThrow(() => analyze(broken));
		assert.ok(syntax.errorCount(broken) > 0);
		// A policy's ordinary nesting is read as before.
		assert.strictEqual(analyze(deep('[', ']').replace(/\[{5000}/, '[[').replace(/\]{5000}/, ']]')).kind, 'template');
	});
});
