// Proves the architecture rules in eslint.config.mjs bite: writes one deliberate violation per rule
// into the source tree, runs ESLint on those files, checks each is reported by the rule meant to
// catch it (and that the allowed imports are not), then removes the files. `node scripts/lint-probe.mjs`
import { ESLint } from 'eslint';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const probes = [
	{ file: 'server/src/engine/zzProbeNode.ts', text: "import * as fs from 'fs';\nexport const x = fs;\n", rule: 'import-x/no-nodejs-modules' },
	{ file: 'server/src/engine/zzProbeNodePrefix.ts', text: "import { join } from 'node:path';\nexport const x = join;\n", rule: 'import-x/no-nodejs-modules' },
	{ file: 'server/src/engine/zzProbeVscode.ts', text: "import type * as vscode from 'vscode';\nexport type X = vscode.Uri;\n", rule: '@typescript-eslint/no-restricted-imports' },
	{ file: 'server/src/engine/zzProbeConnection.ts', text: "import { createConnection } from 'vscode-languageserver';\nexport const x = createConnection;\n", rule: '@typescript-eslint/no-restricted-imports' },
	{ file: 'server/src/engine/zzProbeLsp.ts', text: "import { startServer } from '../lsp/server';\nexport const x = startServer;\n", rule: '@typescript-eslint/no-restricted-imports' },
	{ file: 'server/src/engine/zzProbeAllowed.ts', text: "import { TextDocument } from 'vscode-languageserver-textdocument';\nimport type { Range } from 'vscode-languageserver-types';\nexport const x = TextDocument;\nexport type R = Range;\n", rule: null },
	{ file: 'server/src/lsp/zzProbeNode.ts', text: "import * as path from 'path';\nexport const x = path;\n", rule: 'import-x/no-nodejs-modules' },
	{ file: 'server/src/lsp/zzProbeNodeDir.ts', text: "import { createNodeRuntime } from '../node/nodeRuntime';\nexport const x = createNodeRuntime;\n", rule: '@typescript-eslint/no-restricted-imports' },
	{ file: 'client/src/zzProbeShared.ts', text: "import { CoverageRequestMethod } from '../../server/src/shared/protocol';\nexport const x = CoverageRequestMethod;\n", rule: '@typescript-eslint/no-restricted-imports' },
	{ file: 'client/src/zzProbeSharedType.ts', text: "import type { CoverageResult } from '../../server/src/shared/protocol';\nexport type X = CoverageResult;\n", rule: null },
	{ file: 'client/src/zzProbeEngine.ts', text: "import type { Finding } from '../../server/src/engine';\nexport type X = Finding;\n", rule: '@typescript-eslint/no-restricted-imports' },
	{ file: 'server/src/cli/zzProbeAgpl.ts', text: "import * as sim from '@cloud-copilot/iam-simulate';\nexport const x = sim;\n", rule: '@typescript-eslint/no-restricted-imports' },
	{ file: 'server/src/lsp/zzProbeFloating.ts', text: 'async function work(): Promise<void> {}\nexport function start(): void {\n\twork();\n}\n', rule: '@typescript-eslint/no-floating-promises' },
	{ file: 'server/src/engine/zzProbeCycleA.ts', text: "import { b } from './zzProbeCycleB';\nexport const a = (): number => b() + 1;\n", rule: 'import-x/no-cycle' },
	{ file: 'server/src/engine/zzProbeCycleB.ts', text: "import { a } from './zzProbeCycleA';\nexport const b = (): number => a() + 1;\n", rule: 'import-x/no-cycle' },
];

let failed = 0;
try {
	for (const p of probes) {
		mkdirSync(dirname(p.file), { recursive: true });
		writeFileSync(p.file, p.text);
	}
	const results = await new ESLint().lintFiles(probes.map((p) => p.file));
	for (const p of probes) {
		const result = results.find((r) => r.filePath.endsWith(p.file));
		const rules = [...new Set((result?.messages ?? []).map((m) => m.ruleId ?? m.message))];
		const ok = p.rule ? rules.includes(p.rule) : rules.length === 0;
		if (!ok) failed++;
		console.log(`${ok ? 'ok  ' : 'FAIL'} ${p.file}: expected ${p.rule ?? 'no finding'}, got ${rules.join(', ') || 'no finding'}`);
	}
} finally {
	for (const p of probes) rmSync(p.file, { force: true });
}
console.log(failed === 0 ? `lint probe: all ${probes.length} probes behaved` : `lint probe: ${failed} of ${probes.length} probes misbehaved`);
process.exitCode = failed === 0 ? 0 : 1;
