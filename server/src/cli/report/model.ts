import { Analysis, LineIndex, ScenarioResult, Statement } from '../../engine';

/** One checked file, ready for any output format. */
export interface FileReport {
	/** The path as the user gave it (or as found in a folder). */
	path: string;
	analysis: Analysis;
	lines: LineIndex;
	/** With --fix: the fixes written to the file. */
	fixed?: string[];
	/** A file of a Terraform module analysed as one text (cli/module.ts): where it is in that text. */
	segment?: ModuleSegment;
	/** All files of that module (a deciding statement may be in another one). */
	segments?: readonly ModuleSegment[];
}

/** One file's place in a module's text: offsets [start, end), and the lines before it. */
export interface ModuleSegment {
	file: string;
	start: number;
	end: number;
	lineBase: number;
}

export function makeFileReport(path: string, analysis: Analysis): FileReport {
	return { path, analysis, lines: new LineIndex(analysis.text) };
}

/** 1-based line and column of an offset. */
export function lineColumn(report: FileReport, offset: number): { line: number; column: number } {
	const p = report.lines.position(offset);
	const base = report.segments?.find((s) => offset >= s.start && offset < s.end)?.lineBase ?? 0;
	return { line: p.line + 1 - base, column: p.character + 1 };
}

/** In a module: the other file an offset is in (undefined when it is in the report's own file). */
export function otherFile(report: FileReport, offset: number): string | undefined {
	if (!report.segment || (offset >= report.segment.start && offset < report.segment.end)) return undefined;
	return report.segments?.find((s) => offset >= s.start && offset < s.end)?.file;
}

/** The statements that decide a status, as `{ sid, line }` (the published JSON shape). */
export function statementRefs(report: FileReport, statements: readonly Statement[]): { file?: string; sid?: string; line: number }[] {
	return statements.map((s) => {
		const file = otherFile(report, s.node.offset);
		return { ...(file ? { file } : {}), ...(s.sid ? { sid: s.sid.value } : {}), line: lineColumn(report, s.node.offset).line };
	});
}

/** Every scenario result of a file: its own, and in a template those of each unattached policy and each role. */
export function fileScenarios(analysis: Analysis): ScenarioResult[] {
	return [...analysis.scenarios, ...(analysis.policies ?? []).flatMap((p) => p.analysis.scenarios), ...(analysis.roles ?? []).flatMap((r) => r.scenarios)];
}

/** Exit status (README, "CLI"): 1 when a scenario is unsatisfied or an error/warning was found. */
export function hasFailures(reports: readonly FileReport[]): boolean {
	return reports.some(
		(r) => fileScenarios(r.analysis).some((s) => !s.satisfied) || r.analysis.findings.some((f) => f.severity === 'error' || f.severity === 'warning'),
	);
}
