import * as assert from 'assert';
import { fixAll } from '../../../server/src/engine';
import { catalogChecker } from '../../support/catalog';
import { readFixture } from '../../support/fixtures';

suite('fix-all on a broken template', () => {
	// Fuzzer find (seed 20261125, case 780): in a YAML template whose structure is broken, the
	// statement fix-all added for a chosen scenario landed where the policy does not reach, so
	// every run added it again. A fix whose finding survives is now undone and left out.
	test('a scenario fix that does not take is not applied, so a second run changes nothing', () => {
		const text = readFixture('fuzz', 'broken-template-case780.yaml');
		const options = { syntax: 'yaml' as const, scenarios: ['veeam-aws-grant-missing-permissions-user'] };
		const checker = catalogChecker;
		const once = fixAll(checker, text, options);
		const twice = fixAll(checker, once.text, options);
		assert.strictEqual(twice.edit, undefined, `second run changed the file: ${twice.applied.join('; ')}`);
	});
});
