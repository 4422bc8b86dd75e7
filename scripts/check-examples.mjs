// The README's main job: check the example policies with the built CLI and show the findings.
// The examples are meant to have findings (exit 1); only a usage error or a crash (exit 2+) fails.
import { spawnSync } from 'node:child_process';

const result = spawnSync(process.execPath, ['dist/cli.js', 'check', 'examples'], { stdio: 'inherit' });
if (result.status !== 0 && result.status !== 1) {
	console.error(`check-examples: the CLI exited with ${result.status ?? result.signal}`);
	process.exit(1);
}
