// `npm run fuzz -- --cases 100000 [--seed N]`: the long fuzz run (the test suite runs a short one).
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const value = (flag, fallback) => {
	const i = args.indexOf(flag);
	return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const env = { ...process.env, FUZZ_CASES: value('--cases', '100000'), FUZZ_SEED: value('--seed', String(Date.now() % 100000)), FUZZ_SERVER_EVERY: value('--server-every', '25') };
console.log(`fuzz: ${env.FUZZ_CASES} cases, seed ${env.FUZZ_SEED}`);
const r = spawnSync(process.execPath, ['node_modules/mocha/bin/mocha.js', '--ui', 'tdd', 'out/test/fuzz/fuzz.test.js'], { stdio: 'inherit', env });
process.exitCode = r.status ?? 1;
