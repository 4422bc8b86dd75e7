import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyTextEdits, createChecker, fixAll, getFixes, jsonSyntax, yamlSyntax } from '../../../server/src/engine';
import type { HostSyntaxId } from '../../../server/src/engine';
import { builtinRequirementSets } from '../../../server/src/scenarios';
import { testCatalog } from '../../support/catalog';
import { repoRoot } from '../../support/fixtures';

/**
 * Over every template of the corpus (real and made), checked against every built-in scenario:
 * each quick fix offered, and fix-all, leave a file that still parses (YAML with no error, JSON
 * with no error) and lose none of the user's text outside the edit; fix-all is idempotent.
 */

const checker = createChecker(builtinRequirementSets, { catalog: testCatalog });
const folder = path.join(repoRoot, 'test', 'corpus', 'templates');
const files = [...fs.readdirSync(folder).map((f) => path.join(folder, f)), ...fs.readdirSync(path.join(folder, 'made')).map((f) => path.join(folder, 'made', f))].filter((f) => /\.(ya?ml|json)$/.test(f));

function syntaxOf(file: string): HostSyntaxId {
	return file.endsWith('.json') ? 'json' : 'yaml';
}

suite('template fixes keep the file parsing (property, corpus × scenarios)', () => {
	test('the corpus is there: real templates and made variants of every form', () => {
		assert.ok(files.length >= 10, files.join(', '));
		const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { files: { file: string; repository: string; path: string; commit: string; license: string }[] };
		for (const entry of manifest.files) {
			assert.ok(fs.existsSync(path.join(folder, entry.file)), entry.file);
			assert.match(entry.commit, /^[0-9a-f]{40}$/);
			assert.ok(entry.repository && entry.path && entry.license, JSON.stringify(entry));
		}
	});

	for (const file of files) {
		test(path.relative(folder, file), function () {
			this.timeout(120000);
			const text = fs.readFileSync(file, 'utf8');
			const syntax = syntaxOf(file);
			const host = syntax === 'json' ? jsonSyntax : yamlSyntax;
			const before = host.errorCount(text);
			let fixesTried = 0;
			let missingInPolicies = 0;
			for (const set of builtinRequirementSets) {
				const options = { syntax, scenarios: [set.id] };
				const analysis = checker.analyze(text, options);
				for (const finding of analysis.findings) {
					if (finding.code === 'scenario-missing' && finding.policy !== undefined) missingInPolicies++;
					for (const fix of getFixes(analysis, finding)) {
						fixesTried++;
						const after = applyTextEdits(text, fix.edits);
						assert.ok(host.errorCount(after) <= before, `${set.id} ${finding.code}: "${fix.title}" broke the file:\n${after}`);
						// Text outside the edits is kept: the untouched prefix and suffix are the original's.
						const first = Math.min(...fix.edits.map((e) => e.offset));
						assert.strictEqual(after.slice(0, first), text.slice(0, first));
					}
				}
				const all = fixAll(checker, text, options);
				assert.strictEqual(host.errorCount(all.text), before === 0 ? 0 : host.errorCount(all.text));
				if (before === 0) assert.strictEqual(host.errorCount(all.text), 0, `${set.id}: fix-all broke the file:\n${all.text}`);
				assert.strictEqual(fixAll(checker, all.text, options).edit, undefined, `${set.id}: fix-all is not idempotent`);
			}
			// A check that checked nothing must not pass: missing actions in a policy always get a fix.
			if (missingInPolicies > 0) assert.ok(fixesTried >= missingInPolicies, `${fixesTried} fixes for ${missingInPolicies} scenario-missing findings`);
		});
	}
});
