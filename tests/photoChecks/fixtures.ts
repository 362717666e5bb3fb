/**
 * The labelled fixture set of the photo checks, made by code with sharp: real faces cut from the
 * sample pictures shipped in `@vladmandic/face-api` (dev dependency: test fixtures only, never in the
 * app) composed onto a compliant canvas (light grey, 35×45, face scaled into the 70–80 % band), then
 * degraded one way at a time; plus corrupt and refused files. Each fixture lists the checks that
 * MUST fail (`expectFail`); an empty list means a compliant photo, on which no check may fail.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { type PhotoCheckId } from '../../shared/schemas/photoChecks';

const SAMPLES = path.resolve(import.meta.dirname, '../../node_modules/@vladmandic/face-api/demo');

/** Faces in the samples (box from the detector once, kept here as fixed labels): frontal, eyes open. */
export const SAMPLE_FACES: { file: string; box: [number, number, number, number] }[] = [
  { file: 'sample3.jpg', box: [515, 295, 361, 361] },
  { file: 'sample3.jpg', box: [997, 189, 367, 367] },
  { file: 'sample5.jpg', box: [1048, 171, 319, 319] },
  { file: 'sample5.jpg', box: [274, 850, 370, 371] },
  { file: 'sample6.jpg', box: [177, 456, 360, 361] },
  { file: 'sample6.jpg', box: [584, 304, 384, 384] },
];

export const CANVAS = { width: 455, height: 585 };
/** Head geometry in units of the detector box (read on the samples): crown 0.05 above its top, chin inside it. */
const HEAD_HALF_WIDTH = 0.36;
const HEAD_ABOVE_BOX = 0.1;
const CROWN_ABOVE_BOX = 0.05;
export const LIGHT_GREY = { r: 214, g: 216, b: 218 };
/** Chin-to-crown height of a head over its detector box (measured on these samples). */
export const HEAD_PER_BOX = 0.9;

export interface Fixture {
  name: string;
  bytes: Buffer;
  expectFail: PhotoCheckId[];
  /** Checks this fixture is about (for recall): by default its `expectFail`. */
  kind: 'good' | 'bad';
}

interface ComposeOptions {
  sample: (typeof SAMPLE_FACES)[number];
  bandPct?: number;
  background?: { r: number; g: number; b: number; alpha?: number };
  offsetXPct?: number;
  rotateDeg?: number;
  width?: number;
  height?: number;
}

async function headCutout(
  sample: (typeof SAMPLE_FACES)[number],
  scale: number,
  rotateDeg: number,
): Promise<{ data: Buffer; width: number; height: number }> {
  const [x, y, w, h] = sample.box;
  const meta = await sharp(path.join(SAMPLES, sample.file)).metadata();
  const cx = x + w / 2;
  const left = Math.max(0, Math.round(cx - HEAD_HALF_WIDTH * w));
  const top = Math.max(0, Math.round(y - HEAD_ABOVE_BOX * h));
  const right = Math.min(meta.width!, Math.round(cx + HEAD_HALF_WIDTH * w));
  const bottom = Math.min(meta.height!, Math.round(y + 1.05 * h));
  const cw = Math.round((right - left) * scale);
  const ch = Math.round((bottom - top) * scale);
  // An ellipse around the head: the original scene around it never reaches the canvas borders.
  const mask = Buffer.from(
    `<svg width="${cw}" height="${ch}"><ellipse cx="${cw / 2}" cy="${ch / 2}" rx="${cw / 2}" ry="${ch / 2}" fill="#fff"/></svg>`,
  );
  let out = await sharp(path.join(SAMPLES, sample.file))
    .extract({ left, top, width: right - left, height: bottom - top })
    .resize(cw, ch)
    .ensureAlpha()
    .composite([{ input: mask, blend: 'dest-in' }])
    .png()
    .toBuffer({ resolveWithObject: true });
  if (rotateDeg !== 0) {
    out = await sharp(out.data)
      .rotate(rotateDeg, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .png()
      .toBuffer({ resolveWithObject: true });
  }
  return { data: out.data, width: out.info.width, height: out.info.height };
}

/** A compliant (by default) ID photo from one sample face: returns a lossless PNG to degrade further. */
export async function composeIdPhoto(options: ComposeOptions): Promise<Buffer> {
  const width = options.width ?? CANVAS.width;
  const height = options.height ?? CANVAS.height;
  const band = options.bandPct ?? 75;
  const h = options.sample.box[3];
  const scale = ((band / 100) * height) / (h * HEAD_PER_BOX);
  const head = await headCutout(options.sample, scale, options.rotateDeg ?? 0);
  // The crown sits (HEAD_ABOVE_BOX - CROWN_ABOVE_BOX) below the cut-out's top; it goes at 10 % of the height.
  const crownY = Math.round(height * 0.1);
  const topPx = Math.round(crownY - (HEAD_ABOVE_BOX - CROWN_ABOVE_BOX) * h * scale);
  const centreX = width / 2 + ((options.offsetXPct ?? 0) / 100) * width;
  const leftPx = Math.round(centreX - head.width / 2);
  const bg: { r: number; g: number; b: number; alpha?: number } = options.background ?? LIGHT_GREY;
  // Only the part of the head inside the canvas (sharp refuses overlays larger than the base).
  const cropLeft = Math.max(0, -leftPx);
  const cropTop = Math.max(0, -topPx);
  const visibleW = Math.min(head.width - cropLeft, width - Math.max(0, leftPx));
  const visibleH = Math.min(head.height - cropTop, height - Math.max(0, topPx));
  const visible = await sharp(head.data)
    .extract({ left: cropLeft, top: cropTop, width: visibleW, height: visibleH })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 4, background: { ...bg, alpha: bg.alpha ?? 1 } } })
    .composite([{ input: visible, left: Math.max(0, leftPx), top: Math.max(0, topPx) }])
    .png()
    .toBuffer();
}

const jpeg = (png: Buffer | Sharp, quality = 90): Promise<Buffer> =>
  (Buffer.isBuffer(png) ? sharp(png) : png).flatten({ background: '#ffffff' }).jpeg({ quality }).toBuffer();

function crc32(data: Buffer): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A decompression bomb: a valid PNG header announcing 20,000 × 20,000 pixels, a few KB on disk. */
export function pngBomb(side = 20_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.alloc(64 * (1 + side * 3)); // the first rows only: the rest is never reached
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Everything, in a stable order. `big` adds the 50 MB file (slow to hash; skipped by the bench). */
export async function buildFixtures(options: { big?: boolean } = {}): Promise<Fixture[]> {
  const fixtures: Fixture[] = [];
  const good = (name: string, bytes: Buffer): void => void fixtures.push({ name, bytes, expectFail: [], kind: 'good' });
  const bad = (name: string, bytes: Buffer, expectFail: PhotoCheckId[]): void =>
    void fixtures.push({ name, bytes, expectFail, kind: 'bad' });

  const base: Buffer[] = [];
  for (const [i, sample] of SAMPLE_FACES.entries()) {
    const png = await composeIdPhoto({ sample });
    base.push(png);
    good(`good-face-${i + 1}.jpg`, await jpeg(png));
  }
  const first = SAMPLE_FACES[0]!;
  const ref = base[0]!;
  good('good-face-1.png', await sharp(ref).flatten({ background: '#ffffff' }).png().toBuffer());
  good(
    'good-light-blue.jpg',
    await jpeg(await composeIdPhoto({ sample: first, background: { r: 198, g: 218, b: 236 } })),
  );
  good('good-band-72.jpg', await jpeg(await composeIdPhoto({ sample: SAMPLE_FACES[2]!, bandPct: 72 })));
  good('good-band-78.jpg', await jpeg(await composeIdPhoto({ sample: SAMPLE_FACES[2]!, bandPct: 78 })));
  good('good-large-1240x1594.jpg', await jpeg(sharp(ref).resize(1240, 1594)));
  good('good-minimum-413x531.jpg', await jpeg(sharp(ref).resize(413, 531)));
  // EXIF orientation 6: the pixels are stored turned; a viewer (and the checks) turn them back.
  good(
    'good-exif-rotated.jpg',
    await sharp(ref).flatten({ background: '#fff' }).rotate(-90).withMetadata({ orientation: 6 }).jpeg().toBuffer(),
  );

  // Degraded one way at a time.
  bad('blur-sigma4.jpg', await jpeg(sharp(ref).blur(4)), ['sharpness']);
  bad('blur-sigma2.5.jpg', await jpeg(sharp(base[4]!).blur(2.5)), ['sharpness']);
  bad('blur-sigma8.jpg', await jpeg(sharp(base[3]!).blur(8)), ['sharpness']);
  bad('overexposed.jpg', await jpeg(sharp(ref).linear(2.4, 40)), ['exposure']);
  bad('underexposed.jpg', await jpeg(sharp(ref).linear(0.18, 0)), ['exposure']);
  bad(
    'white-background.jpg',
    await jpeg(await composeIdPhoto({ sample: first, background: { r: 255, g: 255, b: 255 } })),
    ['backgroundColour'],
  );
  bad(
    'saturated-background.jpg',
    await jpeg(await composeIdPhoto({ sample: first, background: { r: 40, g: 90, b: 210 } })),
    ['backgroundColour'],
  );
  bad(
    'red-background.jpg',
    await jpeg(await composeIdPhoto({ sample: SAMPLE_FACES[4]!, background: { r: 200, g: 40, b: 40 } })),
    ['backgroundColour'],
  );
  const stripes = Buffer.from(
    `<svg width="${CANVAS.width}" height="${CANVAS.height}"><defs><pattern id="p" width="40" height="40" patternUnits="userSpaceOnUse"><rect width="20" height="40" fill="#555"/><rect x="20" width="20" height="40" fill="#eee"/></pattern></defs><rect width="100%" height="100%" fill="url(#p)"/></svg>`,
  );
  const busy = await sharp(stripes).png().toBuffer();
  bad('busy-background.jpg', await jpeg(sharp(busy).composite([{ input: await transparentHead(first) }])), [
    'backgroundUniformity',
  ]);
  bad('too-small-300x386.jpg', await jpeg(sharp(ref).resize(300, 386)), ['dimensions']);
  bad('square-ratio.jpg', await jpeg(await composeIdPhoto({ sample: first, width: 585, height: 585 })), ['ratio']);
  bad('landscape-ratio.jpg', await jpeg(await composeIdPhoto({ sample: first, width: 800, height: 585 })), ['ratio']);

  // Faces.
  bad('face-too-small.jpg', await jpeg(await composeIdPhoto({ sample: first, bandPct: 45 })), ['faceHeight']);
  bad('face-too-large.jpg', await jpeg(await composeIdPhoto({ sample: SAMPLE_FACES[2]!, bandPct: 98 })), [
    'faceHeight',
  ]);
  bad(
    'face-off-centre.jpg',
    await jpeg(await composeIdPhoto({ sample: SAMPLE_FACES[5]!, offsetXPct: 20, bandPct: 60 })),
    ['faceCentred'],
  );
  bad('head-tilted.jpg', await jpeg(await composeIdPhoto({ sample: first, rotateDeg: 28, bandPct: 65 })), ['headPose']);
  bad(
    'no-face.jpg',
    await jpeg(
      sharp({ create: { width: CANVAS.width, height: CANVAS.height, channels: 3, background: LIGHT_GREY } }).composite([
        {
          input: Buffer.from(
            `<svg width="200" height="260"><rect width="200" height="260" rx="40" fill="#8a6f5a"/></svg>`,
          ),
          left: 127,
          top: 160,
        },
      ]),
    ),
    ['faceCount'],
  );
  bad('two-people.jpg', await jpeg(await twoPeople()), ['faceCount']);

  // Refused or broken files.
  const goodJpeg = fixtures[0]!.bytes;
  bad('zero-bytes.jpg', Buffer.alloc(0), ['decodable']);
  bad('truncated.jpg', goodJpeg.subarray(0, Math.floor(goodJpeg.length / 2)), ['decodable']);
  bad('text-renamed.jpg', Buffer.from('Bonjour, voici ma photo.\nCordialement\n'.repeat(20)), ['format']);
  bad(
    'drawing.svg.jpg',
    Buffer.from(
      `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="413" height="531"><rect width="413" height="531" fill="#ccc"/></svg>`,
    ),
    ['format'],
  );
  bad('photo.webp', await sharp(ref).webp().toBuffer(), ['format']);
  bad(
    'photo.heic',
    Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'),
      Buffer.alloc(2048, 7),
    ]),
    ['format'],
  );
  bad('animated.gif', await animatedGif(ref), ['format']);
  bad('bomb-20000x20000.png', pngBomb(), ['pixelCount']);
  bad('cmyk.jpg', await sharp(ref).flatten({ background: '#fff' }).toColourspace('cmyk').jpeg().toBuffer(), []);
  bad('grayscale.jpg', await sharp(ref).flatten({ background: '#fff' }).toColourspace('b-w').jpeg().toBuffer(), []);
  // Transparent background: judged as the white most viewers show it on.
  bad('alpha-background.png', await composeIdPhoto({ sample: first, background: { r: 0, g: 0, b: 0, alpha: 0 } }), [
    'backgroundColour',
  ]);
  if (options.big) {
    const huge = Buffer.alloc(50 * 1024 * 1024, 0x5a);
    goodJpeg.copy(huge, 0, 0, 64);
    bad('fifty-megabytes.jpg', huge, ['fileSize']);
  }
  // CMYK and grayscale are warnings (a look), not failures: they are bad encodings, not bad photos.
  for (const f of fixtures) if (f.expectFail.length === 0 && f.kind === 'bad') f.kind = 'good';
  return fixtures;
}

async function transparentHead(sample: (typeof SAMPLE_FACES)[number]): Promise<Buffer> {
  return composeIdPhoto({ sample, background: { r: 0, g: 0, b: 0, alpha: 0 } });
}

async function twoPeople(): Promise<Buffer> {
  const left = await composeIdPhoto({ sample: SAMPLE_FACES[0]!, bandPct: 42, offsetXPct: -22 });
  const right = await composeIdPhoto({
    sample: SAMPLE_FACES[4]!,
    bandPct: 42,
    offsetXPct: 22,
    background: { r: 0, g: 0, b: 0, alpha: 0 },
  });
  return sharp(left)
    .composite([{ input: right }])
    .png()
    .toBuffer();
}

async function animatedGif(png: Buffer): Promise<Buffer> {
  const frame = await sharp(png).flatten({ background: '#fff' }).resize(120, 154).raw().toBuffer();
  const frames = Buffer.concat([frame, Buffer.from(frame.map((v) => 255 - v))]);
  return sharp(frames, { raw: { width: 120, height: 154 * 2, channels: 3, pageHeight: 154 } as never })
    .gif()
    .toBuffer();
}

/** Writes the set to a folder (to look at them). */
export async function writeFixtures(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of await buildFixtures()) fs.writeFileSync(path.join(dir, f.name), f.bytes);
}
