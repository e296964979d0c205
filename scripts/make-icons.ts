/**
 * Draws the Teams app icons (a padlock with a reset arrow) and writes them as PNG files:
 * appPackage/color.png (192×192, full colour) and appPackage/outline.png (32×32, white on transparent).
 * Run with `npx tsx scripts/make-icons.ts`; the PNGs are committed, so this only runs when the art changes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

/** An RGBA colour, each channel 0–255. */
export type Rgba = readonly [number, number, number, number];

/** A shape answers whether a point (in icon pixels, y down) lies inside it. */
type Shape = (x: number, y: number) => boolean;

/** A square RGBA canvas that paints shapes with supersampled anti-aliasing. */
export class Canvas {
  readonly pixels: Float64Array;

  constructor(readonly size: number) {
    this.pixels = new Float64Array(size * size * 4);
  }

  /** Source-over paints `shape` in `colour`; `samples`² subpixels per pixel decide coverage. */
  fill(shape: Shape, colour: Rgba, samples = 6): void {
    for (let py = 0; py < this.size; py++) {
      for (let px = 0; px < this.size; px++) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            if (shape(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples)) hits++;
          }
        }
        if (hits > 0) this.blend(px, py, colour, hits / (samples * samples));
      }
    }
  }

  /** Removes paint where `shape` is: punches a transparent hole (for the outline icon). */
  erase(shape: Shape, samples = 6): void {
    for (let py = 0; py < this.size; py++) {
      for (let px = 0; px < this.size; px++) {
        let hits = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            if (shape(px + (sx + 0.5) / samples, py + (sy + 0.5) / samples)) hits++;
          }
        }
        const i = (py * this.size + px) * 4 + 3;
        this.pixels[i] = (this.pixels[i] ?? 0) * (1 - hits / (samples * samples));
      }
    }
  }

  private blend(px: number, py: number, [r, g, b, a]: Rgba, coverage: number): void {
    const i = (py * this.size + px) * 4;
    const src = (a / 255) * coverage;
    const dst = this.pixels[i + 3] ?? 0;
    const out = src + dst * (1 - src);
    if (out === 0) return;
    // Colours are kept straight (not premultiplied), as PNG stores them.
    for (const [c, v] of [r, g, b].entries()) {
      const old = this.pixels[i + c] ?? 0;
      this.pixels[i + c] = (v * src + old * dst * (1 - src)) / out;
    }
    this.pixels[i + 3] = out;
  }

  /** The canvas as 8-bit RGBA bytes. */
  toRgba(): Buffer {
    const bytes = Buffer.alloc(this.size * this.size * 4);
    for (let i = 0; i < bytes.length; i++) {
      const v = this.pixels[i] ?? 0;
      bytes[i] = Math.round(i % 4 === 3 ? v * 255 : v);
    }
    return bytes;
  }
}

/** Encodes 8-bit RGBA pixels as a PNG (colour type 6, no interlace, filter 0 on every row). */
export function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  if (rgba.length !== width * height * 4) throw new RangeError('pixel buffer does not match the size');
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // bit depth 8, RGBA, deflate, filter method 0, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

// --- Shapes, in a 0..1 unit square scaled to the icon ---

const roundedRect =
  (x0: number, y0: number, x1: number, y1: number, r: number): Shape =>
  (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };

const circle =
  (cx: number, cy: number, r: number): Shape =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

/** A ring between two radii, limited to points above `maxY` (the shackle of the padlock). */
const upperRing =
  (cx: number, cy: number, rOuter: number, rInner: number, maxY: number): Shape =>
  (x, y) => {
    const d = (x - cx) ** 2 + (y - cy) ** 2;
    if (d > rOuter * rOuter || d < rInner * rInner) return false;
    return y <= cy || (y <= maxY && Math.abs(x - cx) >= rInner);
  };

const union =
  (...shapes: Shape[]): Shape =>
  (x, y) =>
    shapes.some((s) => s(x, y));

const scaled =
  (shape: Shape, size: number): Shape =>
  (x, y) =>
    shape(x / size, y / size);

/** Padlock parts in unit coordinates; `weight` thickens strokes for the tiny outline icon. */
function padlock(weight: number): { shackle: Shape; body: Shape; keyhole: Shape; bodyInner: Shape } {
  const stroke = 0.075 * weight;
  return {
    shackle: upperRing(0.5, 0.4, 0.17 + stroke / 2, 0.17 - stroke / 2, 0.5),
    body: roundedRect(0.25, 0.45, 0.75, 0.8, 0.06),
    bodyInner: roundedRect(0.25 + stroke, 0.45 + stroke, 0.75 - stroke, 0.8 - stroke, 0.03),
    keyhole: union(
      circle(0.5, 0.585, 0.055 * weight),
      roundedRect(0.5 - 0.025 * weight, 0.6, 0.5 + 0.025 * weight, 0.7, 0.01),
    ),
  };
}

/** The 192×192 colour icon: a white padlock on a Teams-purple rounded square. */
export function drawColorIcon(size = 192): Buffer {
  const canvas = new Canvas(size);
  const purple: Rgba = [0x46, 0x47, 0xc3, 255];
  const white: Rgba = [255, 255, 255, 255];
  const lock = padlock(1);
  canvas.fill(scaled(roundedRect(0, 0, 1, 1, 0.18), size), purple);
  canvas.fill(scaled(lock.shackle, size), white);
  canvas.fill(scaled(lock.body, size), white);
  canvas.fill(scaled(lock.keyhole, size), purple);
  return encodePng(size, size, canvas.toRgba());
}

/** The 32×32 outline icon: a white padlock outline on transparency, as Teams requires. */
export function drawOutlineIcon(size = 32): Buffer {
  const canvas = new Canvas(size);
  const white: Rgba = [255, 255, 255, 255];
  const lock = padlock(1.35);
  canvas.fill(scaled(lock.shackle, size), white, 8);
  canvas.fill(scaled(lock.body, size), white, 8);
  canvas.erase(scaled(lock.bodyInner, size), 8);
  // At 32 px the colour icon's keyhole would merge with the frame, so the outline gets a smaller one.
  const keyhole = union(circle(0.5, 0.6, 0.05), roundedRect(0.485, 0.6, 0.515, 0.655, 0.01));
  canvas.fill(scaled(keyhole, size), white, 8);
  return encodePng(size, size, canvas.toRgba());
}

if (require.main === module) {
  const dir = join(__dirname, '..', 'appPackage');
  writeFileSync(join(dir, 'color.png'), drawColorIcon());
  writeFileSync(join(dir, 'outline.png'), drawOutlineIcon());
  console.log(`Wrote ${join(dir, 'color.png')} and ${join(dir, 'outline.png')}.`);
}
