import * as assert from 'assert';
import * as fs from 'fs';
import { ParseError, parseTree } from 'jsonc-parser';
import { applyTextEdits } from '../../../server/src/engine/edits';
import { fixAll, getFixes } from '../../../server/src/engine';
import { checker, fixturePath, requirementSet } from '../../support/fixtures';
import { prng } from '../../support/random';
import { validJson } from '../../support/validity';


function errors(text: string): number {
	const e: ParseError[] = [];
	parseTree(text, e, { allowTrailingComma: false, disallowComments: false });
	return e.length;
}

/** Fixes that only add: the text they replace must reappear inside their new text. */
const ADDITIVE = new Set(['scenario-missing', 'scenario-partial', 'trust-principal-missing', 'version-missing']);

const corpus = fs
	.readdirSync(fixturePath('seeds'))
	.map((f) => fs.readFileSync(fixturePath('seeds', f), 'utf8'))
	.concat(fs.readdirSync(fixturePath('..', '..', 'examples')).map((f) => fs.readFileSync(fixturePath('..', '..', 'examples', f), 'utf8')));

/** Removes `count` random quoted action strings (with a neighbouring comma) from a policy text. */
function removeRandomActions(text: string, rnd: () => number, count: number): string {
	let out = text;
	for (let i = 0; i < count; i++) {
		const matches = [...out.matchAll(/"[a-z0-9-]+:[A-Za-z0-9*?-]+",\s*/g)];
		if (matches.length === 0) break;
		const m = matches[Math.floor(rnd() * matches.length)];
		out = out.slice(0, m.index) + out.slice(m.index! + m[0].length);
	}
	return out;
}

suite('fix properties over seeds and examples with random actions removed', () => {
	const rnd = prng(20261125);
	const scenarios = ['veeam-aws-dynamodb-restore', 'veeam-aws-ec2-restore', 'veeam-aws-ec2-restore-workers', 'veeam-vbr-ec2-restore', 'aws-dynamodb-backup-restore', 'aws-dynamodb-aws-backup-restore'];
	const cases: { text: string; scenario: string }[] = [];
	for (const text of corpus) for (let i = 0; i < 6; i++) cases.push({ text: removeRandomActions(text, rnd, 1 + Math.floor(rnd() * 5)), scenario: scenarios[Math.floor(rnd() * scenarios.length)] });

	test(`every offered fix keeps the JSON valid and loses no text (${cases.length} documents)`, () => {
		let offered = 0;
		let judged = 0;
		for (const { text, scenario } of cases) {
			const analysis = checker.analyze(text, { scenarios: [scenario] });
			const before = errors(analysis.text);
			// Judged by V8's JSON.parse, not by the jsonc-parser check getFixes filters with.
			const validBefore = validJson(analysis.text);
			for (const finding of analysis.findings) {
				for (const fix of getFixes(analysis, finding)) {
					offered++;
					const after = applyTextEdits(analysis.text, fix.edits);
					if (validBefore) {
						judged++;
						assert.ok(validJson(after), `${fix.title} made valid JSON invalid`);
					}
					const now = errors(after);
					assert.ok(before === 0 ? now === 0 : now <= before, `${fix.title} broke the JSON`);
					if (ADDITIVE.has(finding.code))
						for (const e of fix.edits) assert.ok(e.newText.includes(analysis.text.slice(e.offset, e.offset + e.length)), `${fix.title} dropped text`);
				}
			}
		}
		assert.ok(offered > cases.length, `only ${offered} fixes offered`);
		assert.ok(judged > cases.length / 2, `only ${judged} fixes on valid JSON`);
	});

	/** Removing `"a:b", ` after `"Action":` can break the JSON itself; fix-all then only repairs JSON. */
	const intact = (text: string) => {
		const e: ParseError[] = [];
		parseTree(text.replace(/\u00a0/g, ' '), e, { allowTrailingComma: true });
		return e.every((x) => x.error === 15 /* InvalidEscapeCharacter */);
	};

	test('fix-all satisfies every scenario unless a Deny blocks it, and is idempotent', () => {
		const checked = cases.filter((c) => intact(c.text));
		assert.ok(checked.length > cases.length / 2, `${checked.length} of ${cases.length} documents intact`);
		for (const { text, scenario } of checked) {
			const options = { scenarios: [scenario] };
			const result = fixAll(checker, text, options);
			const after = checker.analyze(result.text, options);
			if (after.kind !== 'policy' || after.model?.kind !== 'identity') continue;
			const blocked = after.scenarios[0].actions.filter((a) => a.status !== 'granted');
			assert.ok(blocked.every((a) => a.status === 'denied' || a.status === 'conditional'), `${scenario}: ${JSON.stringify(blocked.map((a) => [a.action, a.status]))}`);
			assert.strictEqual(fixAll(checker, result.text, options).edit, undefined, 'second fix-all changes nothing');
		}
	});

	test('fix-all on a policy built from each scenario minus random actions restores them all', () => {
		for (const id of scenarios) {
			const all = requirementSet(id).actions.map((a) => a.action);
			const kept = all.filter(() => rnd() > 0.3);
			const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: kept, Resource: '*' }] }, null, 4);
			const result = fixAll(checker, text, { scenarios: [id] });
			assert.strictEqual(checker.analyze(result.text, { scenarios: [id] }).scenarios[0].satisfied, true, id);
		}
	});
});
