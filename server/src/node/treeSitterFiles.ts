import * as fs from 'fs';
import * as path from 'path';
import { HCL_GRAMMAR_FILE, TREE_SITTER_RUNTIME_FILE, type TreeSitterWasm } from '../engine/syntax/treeSitter';

/**
 * Where the wasm files are: next to the bundle (dist/, also inside the .vsix; scripts/build.mjs
 * copies them), or in node_modules when running the compiled tests (out/server/src/node).
 */
function locate(file: string, packageDir: string): string {
	const candidates = [path.join(__dirname, file), path.join(__dirname, '..', '..', '..', '..', 'node_modules', packageDir, file)];
	const found = candidates.find((p) => fs.existsSync(p));
	if (!found) throw new Error(`${file} not found next to ${__dirname}`);
	return found;
}

/** The Node faces' tree-sitter loader: reads both wasm files (once, when the engine first asks). */
export async function readTreeSitterWasm(): Promise<TreeSitterWasm> {
	const [runtime, grammar] = await Promise.all([
		fs.promises.readFile(locate(TREE_SITTER_RUNTIME_FILE, 'web-tree-sitter')),
		fs.promises.readFile(locate(HCL_GRAMMAR_FILE, path.join('@tree-sitter-grammars', 'tree-sitter-hcl'))),
	]);
	return { runtime, grammar };
}
