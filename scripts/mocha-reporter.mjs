// Mocha's own spec reporter (its "N passing / N failing" stays on screen) that also writes mocha's
// stats as JSON to the file named by MOCHA_STATS_FILE, so scripts/run-tests.mjs counts from
// mocha itself instead of scraping its text.
import { writeFileSync } from 'node:fs';
import { Spec } from 'mocha/lib/reporters/spec.js';

export default class SpecWithStats extends Spec {
	constructor(runner, options) {
		super(runner, options);
		runner.once('end', () => {
			const file = process.env.MOCHA_STATS_FILE;
			if (file) writeFileSync(file, JSON.stringify(this.stats));
		});
	}
}
