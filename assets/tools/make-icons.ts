/**
 * Renders the app icon (assets/public/icon.svg) at every size the installers need and writes the
 * icon set under assets/icons/: `NxN.png` (the Linux set electron-builder reads), `icon.ico` and
 * `icon.icns`. Run once after changing the SVG and commit the output:
 *
 *   npm run icons
 *
 * The SVG is drawn by Chromium (Debian's, or CHROMIUM_PATH) at each size, so small sizes are
 * rasterized from the vector shapes rather than scaled down from one large bitmap.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { icnsFromImages, icoFromImages, type IconImage } from './icon-containers.js';

const ASSETS = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SOURCE = path.join(ASSETS, 'public', 'icon.svg');
const OUT = path.join(ASSETS, 'icons');

/** Every size written as PNG; the .ico takes those up to 256, the .icns those it names. */
const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

/**
 * Draws `svg` on a canvas at each size in headless Chromium and returns PNG bytes and RGBA pixels.
 *
 * @example
 * const [icon16] = await renderSvg(await readFile('assets/public/icon.svg', 'utf8'), [16]);
 */
async function renderSvg(svg: string, sizes: readonly number[]): Promise<IconImage[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const images: IconImage[] = [];
    for (const size of sizes) {
      const drawn = await page.evaluate(
        async ({ svgText, pixels }) => {
          const image = new Image();
          image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = pixels;
          canvas.height = pixels;
          const context = canvas.getContext('2d');
          if (!context) throw new Error('no 2D canvas');
          context.drawImage(image, 0, 0, pixels, pixels);
          return {
            png: canvas.toDataURL('image/png').split(',')[1] ?? '',
            rgba: Array.from(context.getImageData(0, 0, pixels, pixels).data),
          };
        },
        { svgText: svg, pixels: size },
      );
      images.push({ size, png: Buffer.from(drawn.png, 'base64'), rgba: Uint8Array.from(drawn.rgba) });
    }
    return images;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const images = await renderSvg(await readFile(SOURCE, 'utf8'), ICON_SIZES);
  await mkdir(OUT, { recursive: true });
  for (const image of images) await writeFile(path.join(OUT, `${image.size}x${image.size}.png`), image.png);
  await writeFile(path.join(OUT, 'icon.ico'), icoFromImages(images.filter((image) => image.size <= 256)));
  await writeFile(path.join(OUT, 'icon.icns'), icnsFromImages(images));
  console.log(`icons: wrote ${images.length} PNGs, icon.ico and icon.icns to ${path.relative(process.cwd(), OUT)}/`);
}

await main();
