import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { scenarioSnippets } from '../../../server/src/snippets/generate';
import { analyze, checker, repoRoot } from '../../support/fixtures';

/** Expands a snippet body the way VS Code does when the user accepts every default. */
export function expandSnippet(body: string[]): string {
	return body
		.join('\n')
		.replace(/\$\{\d+:([^}]*)\}/g, '$1')
		.replace(/\$\{\d+\}|\$\d+/g, '')
		.replace(/\\([$}\\])/g, '$1');
}

suite('snippets', () => {
	const snippets = scenarioSnippets();

	test('one permission snippet per scenario, and a trust snippet where the role needs one', () => {
		for (const set of checker.requirementSets) {
			assert.ok(snippets[`${set.id} permissions`] ?? snippets[`${set.id} permissions 1/${set.policyParts?.length}`], set.id);
			assert.strictEqual(!!snippets[`${set.id} trust`], !!set.trust, set.id);
		}
	});

	test('a list the source splits into policies gets one snippet per policy, each under 6,144 characters, together satisfying the scenario', () => {
		const split = checker.requirementSets.filter((s) => s.policyParts?.length);
		assert.ok(split.length > 0);
		for (const set of split) {
			const parts = Object.entries(snippets).filter(([name]) => name.startsWith(`${set.id} permissions `));
			assert.strictEqual(parts.length, set.policyParts!.length);
			const statements = parts.flatMap(([, snippet]) => {
				const text = expandSnippet(snippet.body);
				// AWS counts a managed policy's characters without whitespace.
				assert.ok(text.replace(/\s/g, '').length <= 6144, `${snippet.prefix[0]}: ${text.replace(/\s/g, '').length} characters`);
				return JSON.parse(text).Statement;
			});
			const combined = JSON.stringify({ Version: '2012-10-17', Statement: statements });
			assert.strictEqual(analyze(combined, [set.id]).scenarios[0].satisfied, true);
		}
	});

	for (const [name, snippet] of Object.entries(snippets)) {
		test(`"${name}" with its defaults satisfies its scenario and has no findings`, () => {
			const id = name.replace(/ (permissions|trust)( \d+\/\d+)?$/, '');
			if (/ \d+\/\d+$/.test(name)) return assert.strictEqual(analyze(expandSnippet(snippet.body), [id]).kind, 'policy');
			const a = analyze(expandSnippet(snippet.body), [id]);
			assert.strictEqual(a.kind, 'policy');
			assert.strictEqual(a.scenarios[0].satisfied, true, JSON.stringify(a.scenarios[0].actions.filter((x) => x.status !== 'granted')));
			assert.deepStrictEqual(a.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.message), []);
		});
	}

	test('the build writes exactly these snippets into the extension', () => {
		const built = JSON.parse(fs.readFileSync(path.join(repoRoot, 'dist', 'iam-restore-lint.code-snippets'), 'utf8'));
		assert.deepStrictEqual(built, JSON.parse(JSON.stringify(snippets)));
		const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
		assert.deepStrictEqual(pkg.contributes.snippets.map((s: { language: string }) => s.language).sort(), ['json', 'jsonc']);
	});

	test('the DynamoDB table ARN is a tab stop whose default is a table ARN', () => {
		const body = snippets['aws-dynamodb-backup-restore permissions'].body.join('\n');
		assert.ok(body.includes('"arn:aws:dynamodb:${1:us-east-1}:${2:123456789012}:table/${3:TableName}"'), body);
	});
});
