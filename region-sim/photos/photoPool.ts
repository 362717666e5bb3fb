import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { type PhotoMeta } from '../seed/generateDataset';

export interface PooledPhoto extends PhotoMeta {
  data: Buffer;
}

interface Variant {
  quality: string;
  width: number;
  height: number;
  background: string;
  faces: number;
  blur?: number;
  busy?: boolean;
  dark?: boolean;
  grayscale?: boolean;
  png?: boolean;
}

const BASE_VARIANTS: Variant[] = [
  { quality: 'good', width: 413, height: 531, background: '#d9dde3', faces: 1 },
  { quality: 'good', width: 480, height: 600, background: '#cfe0f0', faces: 1 },
  { quality: 'blurry', width: 413, height: 531, background: '#d9dde3', faces: 1, blur: 9 },
  { quality: 'white-background', width: 413, height: 531, background: '#ffffff', faces: 1 },
  { quality: 'too-small', width: 240, height: 320, background: '#d9dde3', faces: 1 },
  { quality: 'dark', width: 413, height: 531, background: '#3a3d42', faces: 1, dark: true },
  { quality: 'busy-background', width: 413, height: 531, background: '#8fae6b', faces: 1, busy: true },
  { quality: 'two-faces', width: 413, height: 531, background: '#d9dde3', faces: 2 },
  { quality: 'landscape', width: 600, height: 400, background: '#d9dde3', faces: 1 },
  { quality: 'grayscale', width: 413, height: 531, background: '#d0d0d0', faces: 1, grayscale: true },
  { quality: 'good-png', width: 413, height: 531, background: '#cfe0f0', faces: 1, png: true },
  { quality: 'good', width: 450, height: 580, background: '#e1e5ea', faces: 1 },
];

function svgFor(v: Variant, tint: number): string {
  const skin = ['#e8c4a8', '#c99a78', '#8d5b3e', '#f1d3bd'][tint % 4];
  const faces: string[] = [];
  const positions = v.faces === 1 ? [0.5] : [0.32, 0.68];
  for (const x of positions) {
    const cx = v.width * x;
    const cy = v.height * 0.45;
    const rx = (v.width * 0.22) / v.faces;
    const ry = v.height * 0.27 * (v.faces === 1 ? 1 : 0.7);
    faces.push(
      `<ellipse cx="${cx}" cy="${cy + ry * 1.9}" rx="${rx * 2}" ry="${ry}" fill="#2f3e5c"/>`,
      `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="${skin}"/>`,
      `<ellipse cx="${cx - rx * 0.38}" cy="${cy - ry * 0.12}" rx="${rx * 0.12}" ry="${ry * 0.06}" fill="#222"/>`,
      `<ellipse cx="${cx + rx * 0.38}" cy="${cy - ry * 0.12}" rx="${rx * 0.12}" ry="${ry * 0.06}" fill="#222"/>`,
      `<rect x="${cx - rx * 0.3}" y="${cy + ry * 0.45}" width="${rx * 0.6}" height="${ry * 0.05}" fill="#7a3b3b"/>`,
    );
  }
  const busy = v.busy
    ? Array.from({ length: 14 }, (_, i) => {
        const color = ['#c0392b', '#f1c40f', '#2980b9', '#27ae60'][i % 4];
        return `<rect x="${(i * 53) % v.width}" y="${(i * 97) % v.height}" width="70" height="90" fill="${color}"/>`;
      }).join('')
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${v.width}" height="${v.height}"><rect width="100%" height="100%" fill="${v.background}"/>${busy}${faces.join('')}</svg>`;
}

/**
 * Synthetic ID photos of varied quality, rendered once at start (a few hundred ms), so requests
 * carry real, decodable images for the app's photo checks.
 */
export async function buildPhotoPool(copies = 2): Promise<PooledPhoto[]> {
  const jobs: Array<Promise<PooledPhoto>> = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const [index, v] of BASE_VARIANTS.entries()) {
      jobs.push(
        (async () => {
          let image = sharp(Buffer.from(svgFor(v, index + copy)));
          if (v.blur) image = image.blur(v.blur);
          if (v.dark) image = image.modulate({ brightness: 0.45 });
          if (v.grayscale) image = image.grayscale();
          const data = v.png
            ? await image.png({ compressionLevel: 6 }).toBuffer()
            : await image.jpeg({ quality: 80 + copy * 5 }).toBuffer();
          return {
            sha256: createHash('sha256').update(data).digest('hex'),
            contentType: v.png ? 'image/png' : 'image/jpeg',
            bytes: data.length,
            width: v.width,
            height: v.height,
            quality: v.quality,
            data,
          } satisfies PooledPhoto;
        })(),
      );
    }
  }
  return Promise.all(jobs);
}
