import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { type Analysis, type Checker, createChecker, getFixes } from '../../../server/src/engine';
import { hclSyntax } from '../../../server/src/engine/host/hclSyntax';
import type { ModuleLayout } from '../../../server/src/engine/host/syntax';
import type { HostSyntaxId } from '../../../server/src/engine/host/tree';
import { managedPolicyResolver } from '../../../server/src/engine/managedPolicies';
import { loadActionCatalog } from '../../../server/src/node/catalogFile';
import { loadManagedPolicies } from '../../../server/src/node/managedPoliciesFile';
import { builtinRequirementSets } from '../../../server/src/scenarios';
import { generateCloudFormation, generateTerraform } from '../../bench/bench';
import { terraformCorpus, testParser } from './terraform.test';

/**
 * A keystroke in a template reuses the results of the roles it did not change, moved to their new
 * offsets (host/rebase.ts, the HCL reader's block cache). Whatever is reused must be exactly what a
 * fresh checker computes: findings, roles, policies, hover and quick fixes, after edits before,
 * inside and after roles, of one character, of a new line, and deletions.
 */

const templates = path.join(__dirname, '..', '..', '..', '..', 'test', 'corpus', 'templates');
const catalog = loadActionCatalog();
const managed = loadManagedPolicies();

function newChecker(): Checker {
	return createChecker(builtinRequirementSets, { catalog: () => catalog, syntaxes: [hclSyntax(testParser)], managedPolicy: managedPolicyResolver(() => managed) });
}

/** Everything an adapter reads from an analysis, as plain data. */
function view(checker: Checker, a: Analysis): unknown {
	const findings = a.findings.map((f) => ({ ...f, fixes: getFixes(a, f).map((x) => ({ title: x.title, edits: x.edits })), hover: checker.hover(a, f.span.offset)?.markdown }));
	const statement = (s: { index: number; node: { offset: number } }) => `${s.index}@${s.node.offset}`;
	return {
		kind: a.kind,
		findings,
		roles: (a.roles ?? []).map((r) => ({
			name: r.name,
			anchor: r.anchor,
			policies: r.policies,
			trust: r.trust,
			unresolved: r.unresolved,
			annotated: r.annotated,
			scenarios: r.scenarios.map((s) => ({ id: s.compiled.set.id, satisfied: s.satisfied, inferred: s.inferred, reason: s.reason, actions: s.actions.map((x) => [x.action, x.status, x.by.map((b) => `${statement(b)}#${r.role.documentOf(b)}`), x.also.map(statement)]), trust: s.trust.map((t) => [t.principal, t.status, t.by.map(statement)]) })),
			documents: r.role.documents.map((d) => ({ name: d.name, kind: d.kind, text: d.analysis.text === a.text ? 'host' : d.analysis.text.length, root: d.analysis.model?.root.offset })),
		})),
		policies: (a.policies ?? []).map((p) => ({ name: p.name, use: p.use, anchor: p.anchor, role: p.role, syntax: p.syntax, annotated: p.annotated, text: p.analysis.text === a.text, root: p.analysis.model && [p.analysis.model.root.offset, p.analysis.model.root.length], statements: p.analysis.model?.statements.map(statement), findings: p.analysis.findings.map((f) => [f.code, f.span.offset, f.message]) })),
	};
}

/** Edits at several places: before the first policy, inside several, at the end; insertions, new lines, deletions. */
function edits(text: string, inside: RegExp): ((t: string) => string)[] {
	const places = [...text.matchAll(inside)].map((m) => m.index! + 2);
	const picked = [places[0], places[Math.floor(places.length / 2)], places[places.length - 1]].filter((p) => p !== undefined);
	const out: ((t: string) => string)[] = [(t) => '\n' + t, (t) => t + '\n'];
	for (const p of picked) {
		out.push((t) => t.slice(0, p) + 'x' + t.slice(p));
		out.push((t) => t.slice(0, p) + '\n' + t.slice(p));
		out.push((t) => t.slice(0, p) + t.slice(p + 1));
	}
	return out;
}

function checkSequence(name: string, text: string, syntax: HostSyntaxId, inside: RegExp): number {
	const warm = newChecker();
	warm.analyze(text, { syntax });
	let current = text;
	let compared = 0;
	for (const edit of edits(text, inside)) {
		current = edit(current);
		const reused = warm.analyze(current, { syntax });
		const fresh = newChecker();
		assert.deepStrictEqual(view(warm, reused), view(fresh, fresh.analyze(current, { syntax })), `${name}: after edit ${compared + 1}`);
		compared++;
	}
	return compared;
}

suite('Incremental analysis: reused results equal fresh ones', function () {
	// Each comparison analyses twice and computes every finding's fixes and hover: seconds on a loaded machine.
	this.timeout(180000);
	suiteSetup(async () => {
		await testParser.load();
	});

	test('Terraform corpus files', () => {
		let compared = 0;
		for (const dir of fs.readdirSync(terraformCorpus).filter((d) => fs.statSync(path.join(terraformCorpus, d)).isDirectory()))
			for (const file of fs.readdirSync(path.join(terraformCorpus, dir)).filter((f) => f.endsWith('.tf'))) {
				const text = fs.readFileSync(path.join(terraformCorpus, dir, file), 'utf8');
				if (!text.includes('aws_iam_')) continue;
				compared += checkSequence(`${dir}/${file}`, text, 'hcl', /"[a-z0-9-]+:[A-Za-z*]+"/g);
			}
		assert.ok(compared >= 40, `only ${compared} comparisons`);
	});

	test('a generated Terraform file of many roles', () => {
		assert.strictEqual(checkSequence('generated.tf', generateTerraform(20 * 1024), 'hcl', /"[a-z0-9-]+:[A-Za-z*]+"/g), 11);
	});

	test('CloudFormation templates (YAML and JSON)', () => {
		let compared = 0;
		for (const file of fs.readdirSync(templates).filter((f) => f.endsWith('.yaml')))
			compared += checkSequence(file, fs.readFileSync(path.join(templates, file), 'utf8'), 'yaml', /- [a-z0-9-]+:[A-Za-z*]+/g);
		compared += checkSequence('generated.yaml', generateCloudFormation(10 * 1024), 'yaml', /- [a-z0-9-]+:[A-Za-z*]+/g);
		compared += checkSequence('dynamodb-restore-role.json', fs.readFileSync(path.join(templates, 'made', 'dynamodb-restore-role.json'), 'utf8'), 'json', /"[a-z0-9-]+:[A-Za-z*]+"/g);
		assert.ok(compared >= 40, `only ${compared} comparisons`);
	});
});

/**
 * A Terraform document taken from the cache (host/documentCache.ts) is keyed by its block's text
 * and by what it looked up while it was read; a role's result by its documents' keys. Each case
 * analyses one version, then the next with the same checker, and compares with a checker that
 * reuses nothing; each case's edit changes the findings, so a result reused under a wrong key shows.
 */
suite('Terraform reuse: what a document depends on is part of its key', function () {
	this.timeout(60000);
	suiteSetup(async () => {
		await testParser.load();
	});

	const cold = () => createChecker(builtinRequirementSets, { catalog: () => catalog, syntaxes: [hclSyntax(testParser, { reuse: false })], managedPolicy: managedPolicyResolver(() => managed), reuseResults: false });
	const role = (name: string) => `# iam-restore-lint: veeam-aws-dynamodb-restore\nresource "aws_iam_role" "${name}" {\n  name               = "${name}"\n  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "backup.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n`;
	const rolePolicy = (name: string, roleName: string, policy: string) => `resource "aws_iam_role_policy" "${name}" {\n  role   = aws_iam_role.${roleName}.id\n  policy = ${policy}\n}\n`;
	const document = (name: string, actions: string[]) => `data "aws_iam_policy_document" "${name}" {\n  statement {\n    actions   = [${actions.map((a) => `"${a}"`).join(', ')}]\n    resources = ["*"]\n  }\n}\n`;
	const table = (name: string) => `resource "aws_dynamodb_table" "t" {\n  name     = "${name}"\n  hash_key = "id"\n}\n`;

	/** Analyses each version in turn with one checker; each must equal a cold analysis and differ from the one before. */
	function sequence(versions: string[], options: { module?: (text: string) => ModuleLayout } = {}): Analysis[] {
		const warm = newChecker();
		const out: Analysis[] = [];
		let previous: unknown;
		for (const [i, text] of versions.entries()) {
			const analyzeOptions = { syntax: 'hcl' as const, module: options.module?.(text) };
			const reused = warm.analyze(text, analyzeOptions);
			const expected = cold();
			const seen = view(warm, reused);
			assert.deepStrictEqual(seen, view(expected, expected.analyze(text, analyzeOptions)), `version ${i + 1}`);
			assert.ok(reused.findings.length > 0, `version ${i + 1} has findings`);
			if (i > 0) assert.notDeepStrictEqual(seen, previous, `version ${i + 1} changes the findings`);
			previous = seen;
			out.push(reused);
		}
		return out;
	}

	test('a data source a role policy reads is edited: the role is evaluated again', () => {
		const before = role('r') + rolePolicy('p', 'r', 'data.aws_iam_policy_document.d.json') + document('d', ['dynamodb:DescribeTable']);
		sequence([before, before.replace('"dynamodb:DescribeTable"', '"dynamodb:DescribeTable", "dynamodb:ListTables"')]);
	});

	test('a local a jsonencode document reads is edited', () => {
		const local = (actions: string) => `locals {\n  doc = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = [${actions}], Resource = "*" }] }\n}\n`;
		const rest = role('r') + rolePolicy('p', 'r', 'jsonencode(local.doc)');
		sequence([local('"dynamodb:DescribeTable"') + rest, local('"dynamodb:DescribeTable", "dynamodb:ListTables"') + rest]);
	});

	test('a data source is added under the name a document looked up and did not find', () => {
		const before = role('r') + rolePolicy('p', 'r', 'data.aws_iam_policy_document.d.json');
		sequence([before, before + document('d', ['dynamodb:DescribeTable'])]);
	});

	test('an edit between a role policy and the data source it reads: the findings in the data source are at their new places', () => {
		// The role and its policy do not move; the data source they read does.
		const version = (tableName: string) => role('r') + rolePolicy('p', 'r', 'data.aws_iam_policy_document.d.json') + table(tableName) + document('d', ['dynamodb:DescribeTable', 'dynamodb:ListTables']);
		const [before, after] = sequence([version('orders'), version('orders-of-the-day')]);
		const statement = (a: Analysis) => a.findings.filter((f) => f.span.offset > a.text.indexOf('data "aws_iam_policy_document"')).map((f) => f.span.offset);
		assert.ok(statement(before).length > 0);
		assert.deepStrictEqual(statement(after), statement(before).map((o) => o + '-of-the-day'.length));
	});

	test('an edit between a role and its policy: the findings in the policy are at their new places', () => {
		// The role does not move; its policy, the same text, does.
		const policy = 'jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["dynamodb:DescribeTable"], Resource = "*" }] })';
		const version = (tableName: string) => role('r') + table(tableName) + rolePolicy('p', 'r', policy);
		const [before, after] = sequence([version('orders'), version('orders-of-the-day')]);
		const inPolicy = (a: Analysis) => a.findings.filter((f) => f.span.offset > a.text.indexOf('"aws_iam_role_policy"')).map((f) => f.span.offset);
		assert.ok(inPolicy(before).length > 0);
		assert.deepStrictEqual(inPolicy(after), inPolicy(before).map((o) => o + '-of-the-day'.length));
	});

	test('an edit in one role: the findings of the role after it keep their exact places', () => {
		const version = (actions: string[]) => role('a') + rolePolicy('pa', 'a', 'data.aws_iam_policy_document.da.json') + document('da', actions) + role('b') + rolePolicy('pb', 'b', 'data.aws_iam_policy_document.db.json') + document('db', ['dynamodb:ListTables']);
		const [before, after] = sequence([version(['dynamodb:DescribeTable']), version(['dynamodb:DescribeTable', 'kms:ListKeys'])]);
		const ofB = (a: Analysis) => a.findings.filter((f) => f.span.offset >= a.text.indexOf('"aws_iam_role" "b"')).map((f) => [f.code, f.span.offset, f.span.length, f.message]);
		assert.ok(ofB(before).length > 0);
		assert.deepStrictEqual(ofB(after), ofB(before).map(([code, offset, length, message]) => [code, (offset as number) + ', "kms:ListKeys"'.length, length, message]));
	});

	test('an attachment moves a policy from one role to another: both roles are evaluated again', () => {
		const policy = `resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = ["dynamodb:DescribeTable", "dynamodb:ListTables"], Resource = "*" }] })\n}\n`;
		const attachment = (roleName: string) => `resource "aws_iam_role_policy_attachment" "x" {\n  role       = aws_iam_role.${roleName}.name\n  policy_arn = aws_iam_policy.p.arn\n}\n`;
		const rest = role('a') + role('b') + policy;
		sequence([rest + attachment('a'), rest + attachment('b')]);
	});

	test('two inline policies of one name in one role are two documents', () => {
		const inline = (actions: string) => `  inline_policy {\n    name   = "same"\n    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = [${actions}], Resource = "*" }] })\n  }\n`;
		const version = (second: string) => `# iam-restore-lint: veeam-aws-dynamodb-restore\nresource "aws_iam_role" "r" {\n${inline('"dynamodb:DescribeTable"')}${inline(second)}}\n`;
		sequence([version('"kms:ListKeys"'), version('"kms:ListKeys", "kms:ListAliases"')]);
	});

	test('a module file a document reads (file("x.json")) is edited', () => {
		const hcl = role('r') + rolePolicy('p', 'r', 'file("x.json")');
		const json = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }, null, 2);
		const module = (text: string): ModuleLayout => ({ hclEnd: hcl.length, files: [{ path: 'x.json', offset: hcl.length + 1, length: text.length - hcl.length - 1 }] });
		sequence([`${hcl}\n${json(['dynamodb:DescribeTable'])}`, `${hcl}\n${json(['dynamodb:DescribeTable', 'dynamodb:ListTables'])}`], { module });
	});
});

suite('Terraform reuse: random edit sequences', function () {
	this.timeout(180000);
	suiteSetup(async () => {
		await testParser.load();
	});

	/**
	 * Seeded sequences of edits (typing near one place, deletions, a line moved elsewhere; pieces
	 * that break and make references, data sources, annotations) on the Terraform corpus and a
	 * generated file: after each, the checker that reuses blocks, documents and role results gives
	 * what a checker that reuses nothing gives. It fails on a document cache that ignores what a
	 * document looked up, or where it found it (both at the second sequence).
	 */
	test('a checker that reuses equals one that reuses nothing', () => {
		const files: string[] = [generateTerraform(15 * 1024)];
		const walk = (dir: string) => {
			for (const f of fs.readdirSync(dir)) {
				const p = path.join(dir, f);
				if (fs.statSync(p).isDirectory()) walk(p);
				else if (f.endsWith('.tf')) files.push(fs.readFileSync(p, 'utf8'));
			}
		};
		walk(terraformCorpus);
		const make = (reuse: boolean) => createChecker(builtinRequirementSets, { catalog: () => catalog, syntaxes: [hclSyntax(testParser, { reuse })], managedPolicy: managedPolicyResolver(() => managed), reuseResults: reuse });
		const warm = make(true);
		let seed = 20261202;
		const random = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed % n;
		};
		const plain = (a: Analysis, fixes: boolean) => ({
			findings: a.findings.map((f) => [f.code, f.span, f.message, f.policy, f.data, fixes ? getFixes(a, f).map((x) => x.edits) : []]),
			roles: (a.roles ?? []).map((r) => [r.name, r.anchor, r.policies, r.trust, r.unresolved, r.scenarios.map((s) => [s.compiled.set.id, s.satisfied, s.actions.map((x) => [x.action, x.status, x.by.map((b) => b.node.offset)])])]),
			policies: (a.policies ?? []).map((p) => [p.name, p.use, p.anchor, p.role, p.analysis.model && [p.analysis.model.root.offset, p.analysis.model.root.length, p.analysis.model.statements.map((s) => s.node.offset)]]),
		});
		const pieces = ['x', '\n', '"', '}', '{', ' ', 's3:', '*', 'dynamodb:ListTables', '# iam-restore-lint: veeam-aws-dynamodb-restore\n', 'data.aws_iam_policy_document.', 'local.', '='];
		let compared = 0;
		for (let c = 0; c < 80; c++) {
			let text = files[random(files.length)];
			warm.analyze(text, { syntax: 'hcl' });
			let at = random(text.length + 1);
			for (let step = 1 + random(6); step > 0; step--) {
				if (random(3) === 0) at = random(text.length + 1);
				const kind = random(3);
				if (kind === 0) {
					const piece = pieces[random(pieces.length)];
					text = text.slice(0, at) + piece + text.slice(at);
					at += piece.length;
				} else if (kind === 1) text = text.slice(0, at) + text.slice(at + 1 + random(4));
				else {
					const lines = text.split('\n');
					const [line] = lines.splice(random(lines.length), 1);
					lines.splice(random(lines.length + 1), 0, line);
					text = lines.join('\n');
				}
				const fixes = random(4) === 0;
				assert.deepStrictEqual(plain(warm.analyze(text, { syntax: 'hcl' }), fixes), plain(make(false).analyze(text, { syntax: 'hcl' }), fixes), `sequence ${c}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`);
				compared++;
			}
		}
		assert.ok(compared > 200, `${compared} comparisons`);
	});
});
