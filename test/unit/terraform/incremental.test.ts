import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { type Analysis, type Checker, createChecker, getFixes } from '../../../server/src/engine';
import { hclSyntax } from '../../../server/src/engine/host/hclSyntax';
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
