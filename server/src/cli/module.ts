import * as path from 'path';
import type { Analysis, ModuleLayout } from '../engine';
import { LineIndex } from '../engine';
import type { FileReport, ModuleSegment } from './report/model';

/**
 * A Terraform module on the CLI: every `.tf` file of a folder is one module (Terraform reads
 * them as one), so a role whose policies and attachments are in sibling files is evaluated as
 * one. The files are analysed as one text (see ModuleLayout): the `.tf` files one after the other,
 * then the folder's other files that `file()`/`templatefile()` may read; the findings and the
 * module's roles and policies are then reported in the file they are in.
 */

export interface ModuleInput {
	/** The file as the report names it. */
	file: string;
	text: string;
}

export interface ModuleText {
	text: string;
	layout: ModuleLayout;
	segments: ModuleSegment[];
}

/** The module's text: `.tf` files first (each from a line of its own), then the other files. */
export function moduleText(tf: readonly ModuleInput[], others: readonly ModuleInput[]): ModuleText {
	let text = '';
	const segments: ModuleSegment[] = [];
	let lines = 0;
	const add = (f: ModuleInput) => {
		const start = text.length;
		text += f.text;
		segments.push({ file: f.file, start, end: text.length, lineBase: lines });
		if (!text.endsWith('\n')) text += '\n';
		lines = new LineIndex(text).position(text.length).line;
	};
	for (const f of tf) add(f);
	const hclEnd = text.length;
	const files: ModuleLayout['files'] = [];
	for (const f of others) {
		const offset = text.length;
		add(f);
		files.push({ path: path.basename(f.file), offset, length: f.text.length });
	}
	return { text, layout: { hclEnd, files }, segments };
}

/**
 * The report of each file of the module that holds something: a `.tf` file with its roles,
 * policies and findings; another file (policy JSON) that one of the module's policies reads,
 * with the findings in it. `read` lists the other files that some policy read.
 */
export function moduleReports(analysis: Analysis, module: ModuleText): { reports: FileReport[]; read: Set<string> } {
	const lines = new LineIndex(analysis.text);
	const inside = (s: ModuleSegment, offset: number) => offset >= s.start && offset < s.end;
	const reports: FileReport[] = [];
	const read = new Set<string>();
	const policies = analysis.policies ?? [];
	for (const segment of module.segments) {
		const tf = module.layout.hclEnd > segment.start;
		const findings = analysis.findings.filter((f) => inside(segment, f.span.offset)).map(({ policy: _policy, ...f }) => f);
		const base = { path: segment.file, lines, segment, segments: module.segments };
		if (tf) {
			const own = policies.filter((p) => inside(segment, p.anchor.offset));
			const roles = (analysis.roles ?? []).filter((r) => inside(segment, r.anchor.offset));
			if (own.length > 0 || roles.length > 0 || findings.length > 0) reports.push({ ...base, analysis: { ...analysis, findings, policies: own, roles } });
			continue;
		}
		const used = policies.some((p) => p.analysis.model && inside(segment, p.analysis.model.root.offset));
		if (!used) continue;
		read.add(segment.file);
		reports.push({ ...base, analysis: { kind: 'policy', text: analysis.text, findings, scenarios: [], syntax: 'json' } });
	}
	return { reports, read };
}
