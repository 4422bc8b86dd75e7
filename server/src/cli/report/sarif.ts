import { DiagnosticCode, Severity } from '../../engine';
import { FileReport, lineColumn } from './model';

/**
 * SARIF 2.1.0 for GitHub code scanning (upload with github/codeql-action/upload-sarif).
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function toSarifReport(reports: readonly FileReport[], version: string): unknown {
	const codes = Object.values(DiagnosticCode) as string[];
	const results = reports.flatMap((r) =>
		r.analysis.findings.map((f) => {
			const start = lineColumn(r, f.span.offset);
			const end = lineColumn(r, f.span.offset + f.span.length);
			return {
				ruleId: f.code,
				ruleIndex: codes.indexOf(f.code),
				level: LEVEL[f.severity],
				message: { text: f.message },
				locations: [
					{
						physicalLocation: {
							artifactLocation: { uri: r.path.split('\\').join('/').replace(/^\.\//, ''), uriBaseId: '%SRCROOT%' },
							region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
						},
					},
				],
				...(f.data ? { properties: f.data } : {}),
			};
		}),
	);
	return {
		$schema: 'https://json.schemastore.org/sarif-2.1.0.json',
		version: '2.1.0',
		runs: [
			{
				tool: {
					driver: {
						name: 'iam-restore-lint',
						version,
						informationUri: 'https://github.com/iam-restore-lint/iam-restore-lint',
						rules: codes.map((id) => ({ id, name: id, shortDescription: { text: id.replace(/-/g, ' ') } })),
					},
				},
				results,
			},
		],
	};
}
