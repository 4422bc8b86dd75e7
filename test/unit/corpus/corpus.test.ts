import * as assert from 'assert';
import { catalogChecker } from '../../support/catalog';
import { corpusEntries, corpusText, measureCorpus } from '../../support/corpus';

/**
 * The real-world corpus (test/corpus/manifest.json): public policies nobody here wrote (AWS managed
 * policies, Veeam's Terraform kit, Commvault's published permissions, the AWS Load Balancer
 * Controller), each with its provenance and the verdict expected from reading what it is for.
 * Targets (issue 12): no scenario error or warning on a policy that is not a restore role, and the
 * intended scenario inferred for at least 90 % of the restore roles.
 */
suite('real-world corpus', () => {
	test('the manifest names at least 60 policies, each with its provenance and an expected verdict', () => {
		const entries = corpusEntries();
		assert.ok(entries.length >= 60, `${entries.length} entries`);
		for (const e of entries) {
			assert.ok(e.source.licence, `${e.file}: licence`);
			if (e.source.kind === 'github') assert.match(e.source.commit, /^[0-9a-f]{40}$/, `${e.file}: commit`);
			else assert.ok(e.source.arn && e.source.version, `${e.file}: ARN and version`);
			assert.ok(e.expected.purpose, `${e.file}: purpose`);
			assert.strictEqual(e.expected.restoreRole, e.expected.scenarios.length > 0, `${e.file}: a restore role names its scenarios`);
			assert.doesNotThrow(() => JSON.parse(corpusText(e)), e.file);
		}
	});

	test('no scenario error or warning on policies that are not restore roles; inference precision and recall', function () {
		this.timeout(60000);
		const m = measureCorpus(catalogChecker);
		const summary = `${m.entries} policies, ${m.restoreRoles} restore roles: ${m.falseAlarms.length} with false alarms, ${m.inferredTotal} scenarios inferred (precision ${(m.precision * 100).toFixed(1)} %), recall ${(m.recall * 100).toFixed(1)} %`;
		console.log(`      ${summary}`);
		assert.deepStrictEqual(m.falseAlarms, [], summary);
		assert.deepStrictEqual(m.wrong, [], summary);
		assert.ok(m.recall >= 0.9, `${summary}; missed: ${JSON.stringify(m.missed)}`);
	});

	test('ReadOnlyAccess gets no scenario, the Load Balancer Controller does not "fail" the worker configuration role', () => {
		for (const file of ['aws-managed/ReadOnlyAccess.json', 'aws-load-balancer-controller/iam_policy.json']) {
			const entry = corpusEntries().find((e) => e.file === file)!;
			const analysis = catalogChecker.analyze(corpusText(entry));
			assert.deepStrictEqual(analysis.scenarios, [], file);
			assert.ok(!analysis.findings.some((f) => f.code.startsWith('scenario-') && f.severity !== 'information'), file);
		}
	});
});
