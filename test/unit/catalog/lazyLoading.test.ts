import * as assert from 'assert';
import { ActionCatalog } from '../../../server/src/engine';
import { catalogText } from '../../support/catalog';

/**
 * The catalog file in the generator's layout is read lazily: the header and each service's first
 * line when loaded, a service's rows on first use (web worker start → first diagnostics). It must
 * answer exactly as the whole file parsed at once, which is what any other text gets.
 */
suite('AWS action catalog: lazy loading', () => {
	test('loading parses no service; checking an EC2 action parses that service only', () => {
		const catalog = ActionCatalog.parse(catalogText());
		assert.strictEqual(catalog.servicesParsed, 0);
		assert.deepStrictEqual([catalog.info.serviceCount, catalog.info.actionCount > 20000], [456, true]);
		assert.strictEqual(catalog.canonicalName('EC2:runinstances'), 'ec2:RunInstances');
		assert.strictEqual(catalog.servicesParsed, 1);
		// Services are found by prefix without parsing them: "did you mean" for a service name.
		assert.ok(catalog.service('dynamodb'));
		assert.strictEqual(catalog.servicesParsed, 1);
	});

	test('every action of every service answers as with the whole file parsed at once (CRLF text is parsed whole)', () => {
		const text = catalogText();
		const lazy = ActionCatalog.parse(text);
		const whole = ActionCatalog.parse(text.replace(/\n/g, '\r\n'));
		assert.strictEqual(whole.servicesParsed, 456, 'the CRLF text took the whole-file path');
		assert.deepStrictEqual(lazy.info, whole.info);
		assert.deepStrictEqual(lazy.allServices(), whole.allServices());
		let actions = 0;
		for (const service of whole.allServices()) {
			for (const name of whole.actionsOf(service.prefix)) {
				actions++;
				assert.deepStrictEqual(lazy.action(name), whole.action(name), name);
			}
		}
		assert.strictEqual(actions, whole.info.actionCount);
		assert.strictEqual(lazy.servicesParsed, 456);
	});

	test('a text not in the layout is parsed whole; a malformed one still throws', () => {
		const compact = JSON.stringify(JSON.parse(catalogText()));
		const catalog = ActionCatalog.parse(compact);
		assert.strictEqual(catalog.servicesParsed, 456);
		assert.strictEqual(catalog.canonicalName('iam:passrole'), 'iam:PassRole');
		assert.throws(() => ActionCatalog.parse(catalogText().slice(0, 5000)));
		assert.throws(() => ActionCatalog.parse('{"format": 2, "services": []}'), /unsupported catalog format 2/);
	});
});
