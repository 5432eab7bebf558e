/** Paints a PosterLayout on a 2D context (the browser's or WeChat's Canvas 2D; a recording fake in tests). */
import type { Canvas2D, CanvasImage } from '../../platform';
import type { Box, DrawOp, ImageSlot, PosterLayout } from './layout';

export type PosterImages = Partial<Record<ImageSlot, CanvasImage | null>>;

/** The part of an image that fills `box` without distortion, centred (CSS object-fit: cover). */
export function coverCrop(img: { width: number; height: number }, box: { w: number; h: number }): { sx: number; sy: number; sw: number; sh: number } {
  const scale = Math.max(box.w / img.width, box.h / img.height);
  const sw = box.w / scale;
  const sh = box.h / scale;
  return { sx: (img.width - sw) / 2, sy: (img.height - sh) / 2, sw, sh };
}

/** Where the whole image goes inside `box`, centred (CSS object-fit: contain). */
export function containRect(img: { width: number; height: number }, box: Box): Box {
  const scale = Math.min(box.w / img.width, box.h / img.height);
  const w = img.width * scale;
  const h = img.height * scale;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

function roundRect(ctx: Canvas2D, { x, y, w, h }: Box, r: number) {
  const radius = Math.max(0, Math.min(r, w / 2, h / 2));
  ctx.beginPath();
  if (!radius) {
    ctx.rect(x, y, w, h);
  } else {
    ctx.moveTo(x + radius, y);
    ctx.arcTo(x + w, y, x + w, y + h, radius);
    ctx.arcTo(x + w, y + h, x, y + h, radius);
    ctx.arcTo(x, y + h, x, y, radius);
    ctx.arcTo(x, y, x + w, y, radius);
  }
  ctx.closePath();
}

function drawText(ctx: Canvas2D, op: Extract<DrawOp, { kind: 'text' }>) {
  ctx.font = op.font;
  ctx.fillStyle = op.color;
  ctx.textAlign = op.align;
  ctx.textBaseline = op.baseline;
  ctx.fillText(op.text, op.x, op.y);
  if (op.strike) {
    const w = ctx.measureText(op.text).width;
    const left = op.align === 'center' ? op.x - w / 2 : op.align === 'right' ? op.x - w : op.x;
    const size = Number(/(\d+)px/.exec(op.font)?.[1] ?? 24);
    const y = op.baseline === 'top' ? op.y + size * 0.55 : op.baseline === 'middle' ? op.y : op.y - size * 0.32;
    ctx.fillRect(left, y, w, Math.max(1, size / 14));
  }
}

function drawImage(ctx: Canvas2D, op: Extract<DrawOp, { kind: 'image' }>, img: CanvasImage | null | undefined) {
  ctx.save();
  if (op.circle) {
    ctx.beginPath();
    ctx.arc(op.x + op.w / 2, op.y + op.h / 2, Math.min(op.w, op.h) / 2, 0, Math.PI * 2);
    ctx.closePath();
  } else {
    roundRect(ctx, op, op.radius);
  }
  ctx.clip();
  if (img && img.width > 0 && img.height > 0) {
    if (op.fit === 'cover') {
      const { sx, sy, sw, sh } = coverCrop(img, op);
      ctx.drawImage(img, sx, sy, sw, sh, op.x, op.y, op.w, op.h);
    } else {
      const r = containRect(img, op);
      ctx.drawImage(img, r.x, r.y, r.w, r.h);
    }
  } else {
    ctx.fillStyle = op.placeholder.fill;
    ctx.fillRect(op.x, op.y, op.w, op.h);
    drawText(ctx, {
      kind: 'text',
      text: op.placeholder.text,
      x: op.x + op.w / 2,
      y: op.y + op.h / 2,
      font: op.placeholder.font,
      color: op.placeholder.color,
      align: 'center',
      baseline: 'middle',
    });
  }
  ctx.restore();
}

/** Draws every op in order; a missing image (not given, or failed to load) gets its placeholder. */
export function drawPoster(ctx: Canvas2D, layout: PosterLayout, images: PosterImages): void {
  for (const op of layout.ops) {
    switch (op.kind) {
      case 'rect':
        ctx.fillStyle = op.fill;
        roundRect(ctx, op, op.radius);
        ctx.fill();
        break;
      case 'image':
        drawImage(ctx, op, images[op.slot]);
        break;
      case 'text':
        drawText(ctx, op);
        break;
      case 'line':
        ctx.save();
        ctx.strokeStyle = op.color;
        ctx.lineWidth = 2;
        ctx.setLineDash(op.dash);
        ctx.beginPath();
        ctx.moveTo(op.x1, op.y1);
        ctx.lineTo(op.x2, op.y2);
        ctx.stroke();
        ctx.restore();
        break;
    }
  }
}
