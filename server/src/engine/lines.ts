/** Offset → line/column conversion for reports (0-based; callers add 1 where formats want it). */
export class LineIndex {
	private readonly starts: number[] = [0];

	constructor(text: string) {
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			if (c === 13 /* \r */) {
				if (text.charCodeAt(i + 1) === 10) i++;
				this.starts.push(i + 1);
			} else if (c === 10) {
				this.starts.push(i + 1);
			}
		}
	}

	position(offset: number): { line: number; character: number } {
		let lo = 0;
		let hi = this.starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (this.starts[mid] <= offset) lo = mid;
			else hi = mid - 1;
		}
		return { line: lo, character: offset - this.starts[lo] };
	}
}
