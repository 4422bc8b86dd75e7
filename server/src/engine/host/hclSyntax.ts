import { DiagnosticCode } from '../codes';
import { HclBlockCache, type HclFile, readHcl } from '../syntax/hcl';
import type { HclParser } from '../syntax/treeSitter';
import type { Finding, Span } from '../types';
import { HclEditor } from './hclEditor';
import type { HostDocument, HostSyntax, ModuleLayout } from './syntax';
import { isIamBlock, readTerraform, type TerraformDocumentCache, terraformDocumentCache, type TerraformRead } from './terraform';

/**
 * Terraform files as a host syntax. Parsing needs tree-sitter's wasm, loaded once by `parser`
 * (HclParser.load) before a checker is given this syntax; until then a .tf file reads as holding
 * nothing, and the faces say so.
 */

/**
 * What every Terraform file holding an IAM policy contains: a resource or data source of the IAM
 * provider, or a policy written out (`Statement`). A file with none of them is never parsed.
 */
const IAM_MARKERS = ['aws_iam_', 'Statement'];

export function mayContainTerraformIam(text: string): boolean {
	return IAM_MARKERS.some((m) => text.includes(m));
}

/** Reads a Terraform file (its IAM blocks only). Undefined when the parser is not loaded. */
export function readTerraformFile(parser: HclParser, text: string, cache?: { blocks: HclBlockCache; documents: TerraformDocumentCache }, module?: ModuleLayout): { file: HclFile; read: TerraformRead } | undefined {
	// A module's other files (policy JSON) follow its .tf files: only the HCL part is parsed as HCL.
	const hcl = module ? text.slice(0, module.hclEnd) : text;
	return parser.withTree(hcl, (tree) => {
		const file = readHcl(tree, text, isIamBlock, cache?.blocks);
		const read = readTerraform(file, text, module, cache?.documents);
		cache?.documents.endRun();
		return { file, read };
	});
}

function syntaxFindings(file: HclFile): Finding[] {
	const unclosed = file.unclosedString;
	if (unclosed !== undefined) {
		// The errors after it are the misread's, not the user's: one finding, at the quote.
		const before = file.errors.filter((e) => e.offset < unclosed);
		return [
			...errorFindings(before),
			{
				code: DiagnosticCode.HostSyntax,
				severity: 'error',
				message: 'HCL syntax error: this string is not closed on its line (an HCL string ends on the line it starts), so the rest of the file cannot be read; no policy of the file is checked until it is closed.',
				span: { offset: unclosed, length: 1 },
			},
		];
	}
	return errorFindings(file.errors);
}

function errorFindings(errors: Span[]): Finding[] {
	// One finding per error run: tree-sitter's recovery can flag many pieces of one mistake.
	return errors.slice(0, 20).map((span) => ({
		code: DiagnosticCode.HostSyntax,
		severity: 'error' as const,
		message: span.length === 0 ? 'HCL syntax error: something is missing here; the policies around it may be read only in part.' : 'HCL syntax error: Terraform cannot read this; the policies around it may be read only in part.',
		span,
	}));
}

/** `reuse: false` reads every block of every version (benchmarks compare a full read with a bare parse). */
export function hclSyntax(parser: HclParser, options: { reuse?: boolean } = {}): HostSyntax {
	// Blocks and documents of earlier versions: a keystroke re-reads only the block it changed.
	const cache = options.reuse === false ? undefined : { blocks: new HclBlockCache(), documents: terraformDocumentCache() };
	return {
		id: 'hcl',
		mayContainIam: mayContainTerraformIam,
		read(text: string, module?: ModuleLayout): HostDocument {
			const result = readTerraformFile(parser, text, cache, module);
			if (!result) return { syntax: 'hcl', format: 'none', text, findings: [], policies: [], roles: [] };
			const { file, read } = result;
			if (file.tooDeep) return { syntax: 'hcl', format: 'none', text, findings: [], policies: [], roles: [], tooDeep: file.tooDeep };
			const findings = read.policies.length > 0 || read.roles.length > 0 ? syntaxFindings(file) : [];
			// Misread from an unclosed string on: nothing is checked, so nothing is a false alarm (an
			// attachment further down may be hidden, a document cut short); the finding says why.
			if (file.unclosedString !== undefined) return { syntax: 'hcl', format: 'terraform', text, findings, policies: [], roles: [] };
			return { syntax: 'hcl', format: 'terraform', text, findings, policies: read.policies, roles: read.roles };
		},
		editor: (text) => new HclEditor(text),
		errorCount: (text) => parser.withTree(text, (tree) => countErrors(tree.rootNode)) ?? 0,
	};
}

type ErrorNode = { hasError: boolean; isError: boolean; isMissing: boolean; children: (ErrorNode | null)[] };

/** The outermost ERROR and MISSING nodes; no recursion (a broken text may nest them thousands deep). */
function countErrors(root: ErrorNode): number {
	let n = 0;
	const pending = [root];
	while (pending.length > 0) {
		const node = pending.pop()!;
		if (!node.hasError && !node.isMissing) continue;
		if (node.isError || node.isMissing) n++;
		else for (const c of node.children) if (c) pending.push(c);
	}
	return n;
}

