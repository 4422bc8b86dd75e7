import * as assert from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';
import { repoRoot } from '../../support/fixtures';

/** Smoke test of the built bundle (npm test builds it first): a reader that stops early, like `| head`. */
suite('CLI bundle in a pipe', () => {
	test('`check … | head`: the CLI ends quietly when the reader closes the pipe (no EPIPE stack trace)', async () => {
		// The JSON report of every fixture is ~250 KB, several times a pipe's buffer.
		const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'check', '--format', 'json', 'examples', 'test/fixtures'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (d) => (stderr += d));
		await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
		child.stdout.destroy();
		const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
		assert.strictEqual(stderr, '', 'nothing on stderr');
		assert.ok(code === 0 || code === 1, `exit status ${code}: the one the check decided`);
	});
});
