// Draws images/icon.png (128×128): a shield with a check mark on an AWS-orange tile.
// Kept as a script so the icon can be regenerated without an image editor.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = 128;
const px = Buffer.alloc(N * N * 4);
const mix = (a, b, t) => a.map((v, i) => Math.round(v * (1 - t) + b[i] * t));
const clamp = (v) => Math.max(0, Math.min(1, v));
const tile = [35, 47, 62, 255], shield = [255, 153, 0, 255], check = [255, 255, 255, 255];

function roundedBox(x, y, cx, cy, hw, hh, r) {
	const qx = Math.abs(x - cx) - hw + r, qy = Math.abs(y - cy) - hh + r;
	return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
function shieldDist(x, y) {
	// Upper part: a box; lower part: narrowing to a point.
	const top = 26, mid = 70, bottom = 108, half = 38;
	if (y < mid) return roundedBox(x, y, 64, (top + mid) / 2 + 4, half, (mid - top) / 2 + 4, 6);
	const t = (y - mid) / (bottom - mid);
	const w = half * (1 - t * t);
	return Math.max(Math.abs(x - 64) - w, y - bottom);
}
function segment(x, y, ax, ay, bx, by) {
	const dx = bx - ax, dy = by - ay;
	const t = clamp(((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy));
	return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}
for (let y = 0; y < N; y++)
	for (let x = 0; x < N; x++) {
		const cx = x + 0.5, cy = y + 0.5;
		let c = [0, 0, 0, 0];
		const bg = clamp(0.5 - roundedBox(cx, cy, 64, 64, 62, 62, 22));
		c = mix(c, tile, bg);
		c = mix(c, shield, clamp(0.5 - shieldDist(cx, cy)) * bg);
		const d = Math.min(segment(cx, cy, 44, 66, 58, 80), segment(cx, cy, 58, 80, 86, 48)) - 6;
		c = mix(c, check, clamp(0.5 - d) * bg);
		px.set(c, (y * N + x) * 4);
	}

const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buf) => { let c = 0xffffffff; for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
function chunk(type, data) {
	const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type), data]);
	const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
	return Buffer.concat([len, body, sum]);
}
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(N, 0); ihdr.writeUInt32BE(N, 4); ihdr[8] = 8; ihdr[9] = 6;
writeFileSync('images/icon.png', Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]));
console.log('wrote images/icon.png');
