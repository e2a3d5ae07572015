// One SVG drawing per kind of demo product (mug, lamp, tee…), painted in the colours it is given.
import { BRASS, circle, darker, ellipse, FLAME, GLASS, group, INK, LEAF, LEAF_DARK, lighter, line, METAL, mix, op, PAPER_WHITE, path, rect, shade, vellipse, vpath, vrect, WOOD, WOOD_DARK, type Paint, type ShapeFn } from './artwork';

function flame(x: number, y: number, s = 1): string {
  return (
    circle(x, y - 14 * s, 46 * s, FLAME, op(0.18)) +
    path(`M${x} ${y - 46 * s} Q${x + 14 * s} ${y - 18 * s} ${x + 9 * s} ${y - 6 * s} Q${x} ${y + 4 * s} ${x - 9 * s} ${y - 6 * s} Q${x - 14 * s} ${y - 18 * s} ${x} ${y - 46 * s}Z`, FLAME) +
    ellipse(x, y - 12 * s, 4 * s, 9 * s, '#FFF3C9')
  );
}

function leaves(cx: number, cy: number, count: number, len: number, spread: number): string {
  let out = '';
  for (let i = 0; i < count; i++) {
    const angle = -spread / 2 + (spread * i) / Math.max(1, count - 1);
    const l = len * (0.75 + 0.25 * Math.cos((i * 2.1) % 3));
    const fill = i % 2 ? LEAF : LEAF_DARK;
    out += group(`rotate(${angle.toFixed(1)} ${cx} ${cy})`, path(`M${cx} ${cy} Q${cx + l * 0.32} ${cy - l * 0.55} ${cx} ${cy - l} Q${cx - l * 0.32} ${cy - l * 0.55} ${cx} ${cy}Z`, fill) + line(`M${cx} ${cy} L${cx} ${cy - l * 0.85}`, '#ffffff', 2, op(0.25)));
  }
  return out;
}

function cube(x: number, y: number, s: number, fill: string, mark: string): string {
  const h = s * 0.5;
  return (
    path(`M${x} ${y} L${x + s} ${y - h} L${x + 2 * s} ${y} L${x + s} ${y + h}Z`, lighter(fill, 0.3)) +
    path(`M${x} ${y} L${x + s} ${y + h} L${x + s} ${y + h + s} L${x} ${y + s}Z`, fill) +
    path(`M${x + s} ${y + h} L${x + 2 * s} ${y} L${x + 2 * s} ${y + s} L${x + s} ${y + h + s}Z`, darker(fill, 0.18)) +
    circle(x + s * 0.5, y + s * 0.75, s * 0.18, mark, op(0.85))
  );
}

function garment(p: Paint, sleeves: 'short' | 'long', collar: 'crew' | 'shirt' | 'open', length = 620): string {
  const body =
    sleeves === 'short'
      ? `M310 215 L240 240 L170 335 L232 380 L280 340 L280 ${length} L520 ${length} L520 340 L568 380 L630 335 L560 240 L490 215 Q400 262 310 215Z`
      : `M310 215 L245 238 Q205 258 195 330 L170 590 L226 598 L268 370 L280 340 L280 ${length} L520 ${length} L520 340 L532 370 L574 598 L630 590 L605 330 Q595 258 555 238 L490 215 Q400 262 310 215Z`;
  let out = vpath(body, p.main);
  if (sleeves === 'long') out += path('M170 590 L226 598 L222 620 L167 612Z', p.dark) + path('M630 590 L574 598 L578 620 L633 612Z', p.dark);
  if (collar === 'crew') out += line('M310 215 Q400 262 490 215', p.dark, 14);
  if (collar === 'shirt') {
    out += path('M310 215 L400 262 L355 300Z', p.light) + path('M490 215 L400 262 L445 300Z', p.light);
    out += line(`M400 262 L400 ${length - 6}`, p.dark, 3, op(0.6));
    for (let y = 300; y < length - 20; y += 62) out += circle(412, y, 6, p.light);
    out += rect(300, 320, 62, 66, 6, p.dark, op(0.35)) + rect(438, 320, 62, 66, 6, p.dark, op(0.35));
  }
  if (collar === 'open') {
    out += path('M310 215 L400 330 L490 215 L470 210 L400 300 L330 210Z', p.dark, op(0.5));
    out += line(`M400 330 L400 ${length - 4}`, p.dark, 4, op(0.5));
    for (let y = 360; y < length - 20; y += 58) out += circle(412, y, 7, WOOD_DARK);
  }
  out += rect(280, length - 26, 240, 26, 4, p.dark, op(0.45));
  return out;
}

export const SHAPES = {
  mug: (p) =>
    line('M505 390 h28 a56 56 0 0 1 0 112 h-28', p.dark, 26) +
    vpath('M280 330 H515 V585 Q515 620 480 620 H315 Q280 620 280 585Z', p.main) +
    path('M280 520 H515 V585 Q515 620 480 620 H315 Q280 620 280 585Z', p.light, op(0.55)) +
    ellipse(397, 330, 118, 20, p.dark) +
    ellipse(397, 334, 106, 14, darker(p.main, 0.45)),
  cup: (p) =>
    vellipse(400, 600, 190, 40, p.light) +
    ellipse(400, 596, 120, 22, p.main, op(0.5)) +
    line('M475 490 h18 a36 36 0 0 1 0 72 h-22', p.dark, 18) +
    vpath('M310 440 H490 Q488 560 445 592 H355 Q312 560 310 440Z', p.main) +
    ellipse(400, 440, 90, 16, p.dark) +
    ellipse(400, 443, 80, 11, '#4a2e1f'),
  dripper: (p) =>
    vpath('M330 520 H470 L485 630 H315Z', GLASS, op(0.85)) +
    path('M322 580 H478 L485 630 H315Z', '#6b4228', op(0.8)) +
    vellipse(400, 505, 110, 20, p.dark) +
    vpath('M250 290 H550 L460 495 H340Z', p.main) +
    line('M330 330 L370 470 M400 320 L400 480 M470 330 L430 470', p.dark, 4, op(0.35)) +
    ellipse(400, 290, 150, 24, p.dark) +
    ellipse(400, 294, 136, 17, darker(p.main, 0.45)) +
    line('M550 320 q40 10 30 60', p.main, 18),
  teapot: (p) =>
    vpath('M265 470 Q210 420 185 370 Q215 380 240 410 Q262 440 290 455Z', p.main) +
    line('M520 420 q90 20 60 120', p.dark, 22) +
    vellipse(400, 500, 150, 125, p.main) +
    ellipse(400, 392, 84, 18, p.dark) +
    vellipse(400, 386, 76, 14, p.light) +
    circle(400, 362, 18, p.dark) +
    line('M335 470 Q400 440 465 470', p.light, 6, op(0.5)),
  bowl: (p) =>
    vrect(340, 600, 120, 26, 8, p.dark) +
    vpath('M200 430 Q210 610 400 612 Q590 610 600 430Z', p.main) +
    path('M210 500 Q235 600 400 606 Q565 600 590 500 Q400 540 210 500Z', p.light, op(0.3)) +
    ellipse(400, 430, 200, 46, p.dark) +
    ellipse(400, 436, 184, 36, p.light),
  ramekin: (p) =>
    group('translate(-110 40)', vpath('M270 470 H450 L440 590 Q360 610 280 590Z', p.main) + ellipse(360, 470, 90, 18, p.light) + ellipse(360, 474, 78, 12, '#E8B65A')) +
    group('translate(90 -30)', vpath('M270 470 H450 L440 590 Q360 610 280 590Z', p.main) + ellipse(360, 470, 90, 18, p.light) + ellipse(360, 474, 78, 12, '#C98A35') + line('M320 470 l20 6 l20 -6 l20 6', '#8a5a22', 3, op(0.6))),
  plate: (p) => {
    let out = '';
    for (let i = 0; i < 3; i++) out += vellipse(400, 560 - i * 24, 270, 92, i === 2 ? p.main : darker(p.main, 0.08 * (2 - i)));
    return out + ellipse(400, 512, 190, 60, p.light) + ellipse(400, 512, 190, 60, 'none', ` stroke="${p.dark}" stroke-width="3" opacity=".35"`) + ellipse(340, 490, 60, 14, '#ffffff', op(0.35));
  },
  platter: (p) => vellipse(400, 520, 300, 120, p.dark) + ellipse(400, 508, 290, 112, p.main) + ellipse(400, 508, 220, 78, p.light, op(0.7)) + ellipse(320, 470, 80, 18, '#ffffff', op(0.25)),
  tumbler: (p) => {
    const glass = (x: number, h: number) =>
      path(`M${x - 80} ${620 - h} L${x - 66} 620 H${x + 66} L${x + 80} ${620 - h}Z`, mix(GLASS, p.main, 0.35), `${op(0.85)} stroke="${darker(mix(GLASS, p.main, 0.5), 0.3)}" stroke-width="4"`) +
      path(`M${x - 74} ${620 - h * 0.55} L${x - 66} 614 H${x + 66} L${x + 74} ${620 - h * 0.55}Z`, mix(GLASS, p.main, 0.6), op(0.6)) +
      ellipse(x, 620 - h, 80, 14, lighter(p.main, 0.6)) +
      line(`M${x - 50} ${640 - h} L${x - 42} 596`, '#ffffff', 8, op(0.5));
    return glass(300, 250) + glass(490, 290);
  },
  wineglass: (p) => {
    const glass = (x: number, y: number) =>
      path(`M${x - 80} ${y} Q${x - 92} ${y + 170} ${x} ${y + 190} Q${x + 92} ${y + 170} ${x + 80} ${y}Z`, mix(GLASS, p.main, 0.3), `${op(0.8)} stroke="${darker(GLASS, 0.3)}" stroke-width="4"`) +
      path(`M${x - 86} ${y + 90} Q${x - 80} ${y + 178} ${x} ${y + 188} Q${x + 80} ${y + 178} ${x + 86} ${y + 90}Z`, '#8b2a3a', op(0.55)) +
      rect(x - 6, y + 188, 12, 430 - y - 188 + 190, 4, mix(GLASS, p.main, 0.4)) +
      ellipse(x, 622, 70, 12, mix(GLASS, p.main, 0.45)) +
      line(`M${x - 52} ${y + 30} Q${x - 58} ${y + 100} ${x - 36} ${y + 150}`, '#ffffff', 7, op(0.55));
    return glass(315, 230) + glass(490, 260);
  },
  carafe: (p) =>
    path('M365 215 H435 V325 Q550 370 550 495 Q550 628 400 628 Q250 628 250 495 Q250 370 365 325Z', mix(GLASS, p.main, 0.3), `${op(0.85)} stroke="${darker(GLASS, 0.3)}" stroke-width="4"`) +
    path('M254 470 H546 Q552 628 400 628 Q248 628 254 470Z', mix(GLASS, '#7fb2c9', 0.5), op(0.55)) +
    rect(350, 175, 100, 50, 14, mix(GLASS, p.main, 0.45), `${op(0.95)} stroke="${darker(GLASS, 0.3)}" stroke-width="4"`) +
    line('M300 420 Q285 500 320 570', '#ffffff', 10, op(0.5)),
  jug: (p) =>
    line('M500 330 q100 30 40 180', p.dark, 24) +
    vpath('M305 300 L500 300 Q510 460 520 600 Q520 628 492 628 H320 Q292 628 292 600 Q300 460 305 300Z', p.main) +
    vpath('M305 300 L255 282 L318 352Z', p.main) +
    ellipse(402, 300, 98, 14, p.dark),
  press: (p) =>
    rect(395, 150, 10, 150, 4, METAL) +
    circle(400, 150, 20, p.dark) +
    line('M500 320 h36 a30 30 0 0 1 30 30 v200 a30 30 0 0 1 -30 30 h-36', p.dark, 22) +
    rect(300, 310, 200, 310, 16, mix(GLASS, p.main, 0.15), op(0.85)) +
    rect(304, 440, 192, 176, 12, '#5b3620', op(0.85)) +
    rect(290, 290, 220, 30, 10, p.dark) +
    rect(290, 600, 220, 30, 10, p.dark) +
    line('M330 340 L330 420', '#ffffff', 8, op(0.5)),
  pot: (p) =>
    vrect(195, 430, 50, 30, 12, p.dark) +
    vrect(555, 430, 50, 30, 12, p.dark) +
    vpath('M230 400 H570 V560 Q570 620 510 620 H290 Q230 620 230 560Z', p.main) +
    vpath('M222 400 Q400 300 578 400Z', p.main) +
    ellipse(400, 400, 178, 22, p.dark) +
    vellipse(400, 338, 36, 16, p.dark),
  saucepan: (p) =>
    vpath('M540 450 L730 400 Q750 396 754 414 Q758 430 738 436 L550 486Z', WOOD_DARK) +
    vpath('M240 400 H560 V570 Q560 620 510 620 H290 Q240 620 240 570Z', p.main) +
    ellipse(400, 400, 160, 32, p.dark) +
    ellipse(400, 404, 146, 24, darker(p.main, 0.4)),
  pan: (p) =>
    vpath('M560 480 L735 430 Q760 424 764 444 Q768 462 744 470 L572 520Z', p.dark) +
    vpath('M170 500 Q170 600 380 600 Q590 600 590 500Z', p.dark) +
    ellipse(380, 500, 210, 86, p.main) +
    ellipse(380, 506, 186, 70, darker(p.main, 0.35)),
  wok: (p) =>
    vpath('M560 440 L740 392 Q762 388 764 406 Q766 424 746 428 L566 470Z', WOOD_DARK) +
    rect(118, 430, 70, 22, 10, p.dark) +
    vpath('M160 440 Q220 620 380 620 Q540 620 600 440Z', p.main) +
    ellipse(380, 440, 220, 56, p.dark) +
    ellipse(380, 446, 200, 44, darker(p.main, 0.35)),
  board: (p) =>
    group(
      'rotate(-8 400 440)',
      vpath('M230 290 H360 V250 Q360 215 400 215 Q440 215 440 250 V290 H570 Q600 290 600 320 V600 Q600 630 570 630 H230 Q200 630 200 600 V320 Q200 290 230 290Z', p.main) +
        circle(400, 252, 16, darker(p.main, 0.5)) +
        line('M240 360 Q400 330 560 370 M240 440 Q400 470 560 430 M240 520 Q400 500 560 530', p.dark, 4, op(0.35)),
    ),
  utensils: (p) =>
    group('rotate(-18 400 420)', rect(300, 330, 22, 300, 10, p.main) + vellipse(311, 290, 44, 70, p.main)) +
    group('rotate(0 400 420)', rect(390, 320, 22, 310, 10, p.dark) + vpath('M362 180 H440 V300 Q440 330 401 330 Q362 330 362 300Z', p.dark)) +
    group('rotate(18 400 420)', rect(480, 330, 22, 300, 10, p.main) + vpath('M460 210 Q500 170 540 210 L520 320 H482Z', p.main)),
  servers: (p) =>
    group('rotate(-14 400 420)', rect(340, 360, 24, 280, 10, p.dark) + vellipse(352, 300, 52, 88, p.main)) +
    group('rotate(14 400 420)', rect(436, 360, 24, 280, 10, p.dark) + vpath('M398 230 Q448 190 498 230 L490 380 H406Z', p.main) + line('M430 250 V360 M448 250 V360 M466 250 V360', darker(p.main, 0.4), 6)),
  cutlery: (p) =>
    group('rotate(-10 400 430)', rect(300, 350, 26, 280, 12, p.main) + path('M286 210 h54 v120 q0 30 -27 30 q-27 0 -27 -30z', p.main) + line('M300 210 v80 M313 210 v80 M326 210 v80', lighter(p.main, 0.5), 5, op(0.7))) +
    rect(388, 200, 26, 430, 12, p.dark) + path('M388 200 Q420 250 414 340 H388Z', lighter(p.dark, 0.3)) +
    group('rotate(10 400 430)', rect(474, 350, 26, 280, 12, p.main) + vellipse(487, 280, 40, 64, p.main)),
  whisk: (p) =>
    group('rotate(-25 400 450)', rect(386, 460, 28, 170, 12, p.main) + path('M350 470 Q340 320 400 270 Q460 320 450 470Z', lighter(p.main, 0.3)) + line('M365 470 Q360 340 400 285 M380 470 Q378 330 400 285 M420 470 Q422 330 400 285 M435 470 Q440 340 400 285', p.dark, 3)) +
    vpath('M470 520 Q480 630 590 630 Q700 630 710 520Z', '#6d8a4a') +
    ellipse(590, 520, 120, 24, '#90b05a'),
  grinder: (p) =>
    line('M400 250 L470 230 L480 200', METAL, 10) +
    circle(484, 196, 14, WOOD_DARK) +
    rect(390, 255, 20, 30, 4, METAL) +
    vpath('M330 285 H470 L485 330 H315Z', METAL) +
    vrect(300, 330, 200, 290, 14, p.main) +
    rect(330, 470, 140, 70, 8, p.dark) +
    circle(400, 505, 8, BRASS),
  crock: (p) =>
    group('rotate(-12 400 330)', rect(320, 160, 22, 260, 10, WOOD) + vellipse(331, 160, 34, 52, WOOD)) +
    group('rotate(10 400 330)', rect(420, 170, 22, 250, 10, WOOD_DARK) + vrect(404, 120, 54, 80, 14, WOOD_DARK)) +
    vpath('M290 330 H510 Q520 470 505 610 Q500 628 480 628 H320 Q300 628 295 610 Q280 470 290 330Z', p.main) +
    ellipse(400, 330, 110, 20, p.dark),
  canister: (p) =>
    vrect(300, 340, 200, 280, 18, p.main) + vrect(292, 300, 216, 60, 14, p.dark) + rect(330, 430, 140, 100, 10, PAPER_WHITE, op(0.9)) + line('M350 465 H450 M350 495 H420', p.dark, 6, op(0.5)),
  jar: (p) =>
    vrect(300, 350, 200, 270, 36, mix(GLASS, p.main, 0.35), op(0.9)) +
    rect(308, 430, 184, 182, 30, lighter(p.main, 0.2)) +
    vrect(316, 300, 168, 60, 10, WOOD) +
    rect(340, 470, 120, 70, 8, PAPER_WHITE, op(0.9)),
  jars: (p) => {
    const jar = (x: number, h: number) => vrect(x - 60, 620 - h, 120, h, 22, mix(GLASS, p.main, 0.45), op(0.9)) + rect(x - 54, 620 - h * 0.6, 108, h * 0.6 - 6, 18, p.dark, op(0.55)) + vrect(x - 50, 590 - h, 100, 40, 8, WOOD);
    return jar(270, 220) + jar(530, 200) + jar(400, 260);
  },
  tin: (p) =>
    vpath('M230 420 H570 L540 610 H260Z', p.main) + path('M230 420 H570 L560 446 H240Z', p.dark) + path('M252 450 Q400 360 548 450Z', '#D9A15A') + path('M252 450 Q400 380 548 450', 'none', ` stroke="#b0773a" stroke-width="4"`),
  rollingpin: (p) =>
    group('rotate(-10 400 520)', vrect(170, 495, 70, 34, 17, WOOD_DARK) + vrect(560, 495, 70, 34, 17, WOOD_DARK) + vpath('M230 480 Q400 460 570 480 V545 Q400 565 230 545Z', p.main)) +
    vellipse(400, 610, 210, 22, '#F1E7D8') ,
  piping: (p) =>
    group('rotate(-20 400 400)', vpath('M330 200 H470 L420 520 H380Z', lighter(p.main, 0.2)) + path('M380 520 H420 L408 580 H392Z', METAL) + line('M350 260 H450', p.dark, 6, op(0.5))) +
    [0, 1, 2, 3].map((i) => path(`M${470 + i * 45} 620 l18 -60 l18 60z`, METAL) + ellipse(488 + i * 45, 620, 18, 6, darker(METAL, 0.2))).join(''),
  basket: (p) =>
    line('M290 420 Q290 300 400 300 Q510 300 510 420', p.dark, 16) +
    vpath('M230 420 H570 L540 610 Q540 625 520 625 H280 Q260 625 260 610Z', p.main) +
    [450, 490, 530, 570].map((y) => line(`M${236 + (y - 420) * 0.15} ${y} H${564 - (y - 420) * 0.15}`, p.dark, 5, op(0.4))).join('') +
    [290, 340, 390, 440, 490].map((x) => line(`M${x + 10} 425 L${x + 14} 620`, p.dark, 3, op(0.3))).join('') +
    rect(224, 410, 352, 22, 10, p.dark),
  rack: (p) =>
    path('M190 520 L400 430 L610 520 L400 610Z', 'none', ` stroke="${p.dark}" stroke-width="12" stroke-linejoin="round"`) +
    [0.2, 0.35, 0.5, 0.65, 0.8].map((t) => line(`M${190 + 210 * t} ${520 - 90 * t} L${400 + 210 * t} ${610 - 90 * t}`, p.dark, 5)).join('') +
    line('M190 520 v30 M400 610 v30 M610 520 v30', p.dark, 10) +
    vellipse(330, 500, 40, 16, '#D9A15A') + vellipse(440, 520, 40, 16, '#C98A45') + vellipse(400, 470, 40, 16, '#D9A15A'),
  cakestand: (p) =>
    vpath('M260 450 Q260 290 400 290 Q540 290 540 450Z', '#E8A6A0') +
    path('M260 400 Q400 420 540 400', 'none', ` stroke="#fff" stroke-width="14" stroke-linecap="round"`) +
    circle(400, 282, 16, '#C0392B') +
    vellipse(400, 460, 210, 30, p.main) +
    vpath('M380 470 H420 L432 600 H368Z', p.main) +
    vellipse(400, 608, 90, 18, p.dark),
  napkin: (p) =>
    group('rotate(-6 400 460)', vpath('M220 330 H580 V600 H220Z', p.main) + path('M220 330 L580 600 H220Z', p.dark, op(0.25)) + line('M236 346 H564 V584 H236Z', lighter(p.main, 0.45), 3, ' stroke-dasharray="10 8"')) +
    group('rotate(8 400 460)', rect(380, 250, 40, 300, 8, WOOD, op(0.95))),
  dish: (p) => vellipse(400, 590, 230, 40, p.dark) + vpath('M220 580 V460 Q220 400 280 400 H520 Q580 400 580 460 V580Z', p.main) + vellipse(400, 390, 60, 16, p.dark),
  curtain: (p) =>
    line('M140 180 H660', WOOD_DARK, 12) + circle(140, 180, 14, WOOD_DARK) + circle(660, 180, 14, WOOD_DARK) +
    vpath('M170 190 H380 Q360 420 300 630 H170Z', p.main) +
    vpath('M630 190 H420 Q440 420 500 630 H630Z', p.main) +
    line('M220 200 Q214 420 210 620 M270 200 Q268 420 250 625 M330 200 Q320 380 280 630', p.dark, 5, op(0.35)) +
    line('M580 200 Q586 420 590 620 M530 200 Q532 420 550 625 M470 200 Q480 380 520 630', p.dark, 5, op(0.35)),
  rug: (p) =>
    path('M210 360 H590 L700 620 H100Z', p.main) +
    path('M240 380 H560 L650 600 H150Z', 'none', ` stroke="${p.light}" stroke-width="12"`) +
    path('M400 420 L520 490 L400 560 L280 490Z', p.dark) +
    path('M400 455 L460 490 L400 525 L340 490Z', p.light) +
    [...Array(15).keys()].map((i) => line(`M${110 + i * 41.5} 622 v22`, p.light, 4)).join(''),
  tote: (p) =>
    line('M310 370 Q310 230 380 230 Q420 230 420 370', p.dark, 16) +
    line('M380 370 Q380 230 450 230 Q490 230 490 370', p.dark, 16) +
    vpath('M250 360 H550 L575 630 H225Z', p.main) +
    rect(330, 450, 140, 110, 6, p.dark, op(0.25)) +
    line('M250 392 H550', p.dark, 4, op(0.3)),
  backpack: (p) =>
    line('M345 260 Q345 200 400 200 Q455 200 455 260', p.dark, 16) +
    vpath('M270 300 Q270 250 330 250 H470 Q530 250 530 300 V600 Q530 630 500 630 H300 Q270 630 270 600Z', p.main) +
    vpath('M270 330 Q400 400 530 330 V300 Q530 250 470 250 H330 Q270 250 270 300Z', p.dark) +
    vrect(315, 470, 170, 120, 24, p.second) +
    line('M340 490 H460', p.dark, 6, op(0.5)) + circle(400, 380, 10, BRASS),
  bed: (p) =>
    vrect(170, 240, 460, 240, 24, WOOD) +
    vrect(210, 310, 170, 90, 30, PAPER_WHITE) +
    vrect(420, 310, 170, 90, 30, PAPER_WHITE) +
    vpath('M150 420 Q400 400 650 420 V600 Q650 630 620 630 H180 Q150 630 150 600Z', p.main) +
    path('M150 420 Q400 400 650 420 V460 Q400 440 150 460Z', p.light) +
    line('M200 520 Q400 500 600 520', p.dark, 4, op(0.3)) + rect(170, 620, 28, 24, 4, WOOD_DARK) + rect(602, 620, 28, 24, 4, WOOD_DARK),
  pillows: (p) => {
    const pillow = (y: number, fill: string) =>
      vpath(`M160 ${y + 20} Q160 ${y} 190 ${y} Q400 ${y + 18} 610 ${y} Q640 ${y} 640 ${y + 20} Q628 ${y + 70} 640 ${y + 120} Q640 ${y + 140} 610 ${y + 140} Q400 ${y + 122} 190 ${y + 140} Q160 ${y + 140} 160 ${y + 120} Q172 ${y + 70} 160 ${y + 20}Z`, fill) +
      line(`M190 ${y + 14} Q400 ${y + 32} 610 ${y + 14}`, '#ffffff', 4, op(0.35));
    return pillow(490, p.main) + pillow(360, lighter(p.main, 0.25));
  },
  throw: (p) =>
    vpath('M200 380 H600 Q640 380 640 420 V560 H160 V420 Q160 380 200 380Z', p.main) +
    [250, 330, 410, 490, 570].map((x) => line(`M${x} 384 V556`, p.light, 4, op(0.45))).join('') +
    line('M166 440 H634 M166 500 H634', p.light, 4, op(0.45)) +
    vpath('M160 540 H640 V600 H160Z', p.dark) +
    [...Array(24).keys()].map((i) => line(`M${170 + i * 20} 600 v26`, p.dark, 4)).join(''),
  cushion: (p) =>
    vpath('M230 290 Q400 320 570 290 Q540 460 570 630 Q400 600 230 630 Q260 460 230 290Z', p.main) +
    path('M230 290 Q400 320 570 290 Q540 460 570 630 Q400 600 230 630 Q260 460 230 290Z', 'none', ` stroke="${p.dark}" stroke-width="8" stroke-linejoin="round"`) +
    line('M300 360 Q400 380 500 360 M300 560 Q400 540 500 560', p.light, 5, op(0.5)) +
    circle(400, 460, 14, p.dark),
  kneeler: (p) => vrect(200, 480, 400, 130, 40, p.main) + vrect(330, 430, 140, 70, 30, p.dark) + rect(356, 450, 88, 30, 14, darker(p.main, 0.5)),
  pendant: (p) =>
    line('M400 40 V270', '#2a2a2a', 4) +
    rect(386, 250, 28, 36, 6, '#2a2a2a') +
    path('M400 470 L120 700 H680Z', FLAME, op(0.12)) +
    circle(400, 470, 46, '#FFE7A8') +
    vpath('M230 480 Q230 280 400 280 Q570 280 570 480Z', p.main) +
    ellipse(400, 480, 170, 20, p.dark) +
    line('M290 330 Q400 300 510 330 M250 400 Q400 370 550 400', p.dark, 4, op(0.3)),
  floorlamp: (p) =>
    line('M300 630 Q300 250 420 210 Q520 180 560 250', BRASS, 12) +
    vellipse(300, 632, 80, 16, p.dark) +
    path('M560 380 L430 660 H700Z', FLAME, op(0.1)) +
    circle(560, 380, 30, '#FFE7A8') +
    vpath('M470 390 Q470 260 560 260 Q650 260 650 390Z', p.main) +
    ellipse(560, 390, 90, 12, p.dark),
  bulb: (p) =>
    circle(400, 350, 170, FLAME, op(0.12)) +
    circle(400, 350, 130, mix(GLASS, '#ffe4a6', 0.4), op(0.9)) +
    line('M370 470 L370 330 L385 300 L400 330 L415 300 L430 330 L430 470', '#E08A2B', 5) +
    vrect(350, 470, 100, 30, 6, p.main) +
    [510, 540, 570].map((y) => vrect(355, y, 90, 24, 8, METAL)).join('') +
    path('M375 600 H425 L410 630 H390Z', darker(METAL, 0.4)),
  stringlights: (p) => {
    let out = line('M60 230 Q230 420 400 300 Q570 190 740 360', '#3b3b3b', 5);
    const pts: Array<[number, number]> = [[120, 300], [220, 360], [320, 345], [420, 290], [520, 255], [620, 280], [700, 330]];
    pts.forEach(([x, y], i) => {
      out += line(`M${x} ${y} v30`, '#3b3b3b', 4) + circle(x, y + 62, 44, FLAME, op(0.18)) + circle(x, y + 62, 26, i % 2 ? '#FFE7A8' : lighter(p.main, 0.2));
    });
    return out;
  },
  lamp: (p) =>
    path('M270 390 L130 640 H670 L530 390Z', FLAME, op(0.08)) +
    vellipse(400, 620, 80, 14, p.dark) +
    vpath('M340 620 Q290 570 320 500 Q345 455 400 450 Q455 455 480 500 Q510 570 460 620Z', p.main) +
    rect(392, 400, 16, 54, 4, BRASS) +
    vpath('M300 240 H500 L560 400 H240Z', lighter(p.main, 0.7)) +
    ellipse(400, 400, 160, 14, '#FFE7A8', op(0.8)),
  candle: (p) =>
    flame(400, 330) +
    line('M400 330 V355', INK, 4) +
    vpath('M290 360 H510 V600 Q510 630 480 630 H320 Q290 630 290 600Z', mix(p.main, '#8A4E1C', 0.7)) +
    ellipse(400, 362, 110, 18, '#F3E9D6') +
    rect(320, 460, 160, 90, 6, PAPER_WHITE, op(0.92)) +
    line('M350 495 H450 M370 520 H430', p.dark, 5, op(0.5)),
  tapers: (p) =>
    [340, 400, 460].map((x, i) => flame(x, 180 + i * 20, 0.75) + vrect(x - 16, 190 + i * 20, 32, 340 - i * 20, 10, i === 1 ? p.light : p.main)).join('') +
    vrect(270, 530, 260, 40, 12, BRASS) + vellipse(400, 610, 160, 22, BRASS) + rect(380, 560, 40, 50, 4, darker(BRASS, 0.2)),
  candlestick: (p) =>
    flame(400, 160, 0.9) + vrect(380, 170, 40, 230, 10, PAPER_WHITE) +
    vpath('M360 400 H440 L420 430 H380Z', p.main) +
    vpath('M388 430 H412 Q430 500 412 580 H388 Q370 500 388 430Z', p.main) +
    vellipse(400, 470, 30, 12, p.main) +
    vellipse(400, 600, 110, 26, p.main),
  lantern: (p) =>
    line('M400 160 a34 34 0 0 1 0 68', p.dark, 8) + line('M400 160 a34 34 0 0 0 0 68', p.dark, 8) +
    vpath('M310 270 L400 220 L490 270Z', p.main) +
    rect(320, 270, 160, 310, 10, mix(GLASS, '#ffe7a8', 0.3), op(0.7)) +
    flame(400, 430, 0.8) + vrect(380, 440, 40, 120, 8, PAPER_WHITE) +
    line('M320 270 V580 M480 270 V580 M400 270 V300', p.dark, 12) +
    vrect(296, 578, 208, 44, 8, p.main) + rect(300, 262, 200, 16, 6, p.dark),
  card: (p) =>
    group('rotate(-8 400 450)', vrect(210, 330, 380, 260, 6, '#D7B98E') + line('M214 334 L400 470 L586 334', '#B89566', 5)) +
    group('rotate(6 400 420)', vrect(300, 200, 240, 330, 6, PAPER_WHITE) + leaves(420, 460, 5, 150, 100) + circle(420, 280, 28, p.main)),
  paperroll: (p) =>
    group('rotate(-12 400 450)', vrect(180, 400, 440, 130, 20, p.main) + [220, 300, 380, 460, 540].map((x) => circle(x, 440, 12, p.dark, op(0.55)) + circle(x + 40, 495, 12, p.dark, op(0.55))).join('') + vellipse(620, 465, 30, 65, darker(p.main, 0.1)) + ellipse(620, 465, 12, 26, '#8E7252')) +
    vpath('M200 600 L560 560 L600 610 L240 650Z', lighter(p.main, 0.25)),
  pen: (p) =>
    group(
      'rotate(-38 400 420)',
      vrect(170, 398, 260, 44, 22, p.main) +
        vrect(420, 396, 170, 48, 24, p.dark) +
        rect(440, 392, 110, 10, 5, BRASS) +
        rect(420, 396, 14, 48, 3, BRASS) +
        path('M170 402 L110 420 L170 438Z', BRASS),
    ) + vellipse(400, 640, 200, 12, '#000000', op(0.02)),
  pencils: (p) => {
    const colours = [p.main, p.second, p.dark, lighter(p.second, 0.3), darker(p.main, 0.1)];
    return colours
      .map((c, i) =>
        group(`rotate(${-24 + i * 12} 400 640)`, vrect(382, 250, 36, 340, 4, c) + path('M382 250 L400 190 L418 250Z', '#E9C99C') + path('M394 210 L400 190 L406 210Z', INK) + rect(382, 570, 36, 20, 2, METAL)),
      )
      .join('');
  },
  crayons: (p) => {
    const colours = ['#D6583F', '#D7A531', '#5E8C5A', '#3F6FA8', p.main, '#8E5BA8'];
    return vrect(220, 470, 360, 160, 14, WOOD) + colours.map((c, i) => vrect(240 + i * 56, 330 + (i % 2) * 30, 42, 160, 12, c) + path(`M${240 + i * 56} ${330 + (i % 2) * 30} L${261 + i * 56} ${280 + (i % 2) * 30} L${282 + i * 56} ${330 + (i % 2) * 30}Z`, c)).join('') + vrect(220, 470, 360, 160, 14, WOOD);
  },
  tape: (p) =>
    [[300, 470, p.main], [480, 450, p.second], [390, 580, p.dark]]
      .map(([x, y, c]) => vellipse(x as number, y as number, 100, 100, c as string) + circle(x as number, y as number, 50, '#F5EFE6') + circle(x as number, y as number, 100, 'none', ` stroke="${darker(c as string, 0.2)}" stroke-width="4"`))
      .join(''),
  notebook: (p) =>
    group('rotate(8 400 440)', vrect(300, 250, 260, 350, 12, p.second)) +
    group(
      'rotate(-6 400 440)',
      rect(266, 226, 276, 380, 14, PAPER_WHITE) + vrect(250, 220, 280, 380, 14, p.main) + rect(480, 220, 18, 380, 0, p.dark) + path('M330 600 V660 L345 645 L360 660 V600Z', '#C0392B') + rect(300, 300, 140, 50, 6, lighter(p.main, 0.4), op(0.6)),
    ),
  organiser: (p) =>
    vpath('M200 420 L400 350 L600 420 V560 L400 630 L200 560Z', p.main) +
    path('M200 420 L400 490 L600 420 L400 350Z', darker(p.main, 0.35)) +
    path('M400 490 V630', 'none', ` stroke="${p.dark}" stroke-width="4"`) +
    group('rotate(-8 300 350)', rect(280, 240, 16, 200, 6, '#3F6FA8') + rect(310, 260, 16, 180, 6, '#D6583F')) +
    rect(440, 300, 90, 140, 10, '#222', op(0.85)) + path('M420 300 L520 280 L530 400 L430 420Z', PAPER_WHITE),
  tray: (p) =>
    vpath('M190 460 L400 390 L610 460 L400 530Z', PAPER_WHITE) +
    vpath('M170 470 L400 560 V620 L170 530Z', p.main) +
    vpath('M630 470 L400 560 V620 L630 530Z', darker(p.main, 0.15)) +
    path('M170 470 L400 390 L630 470', 'none', ` stroke="${p.dark}" stroke-width="10" stroke-linejoin="round"`) +
    path('M230 470 L400 410 L570 470 L400 520Z', '#EDE6D8', op(0.8)),
  bookends: (p) => {
    const books = ['#34507A', '#C4694A', '#D7A531', '#3C5E45', '#E4B0A2', '#6B7A87'];
    return vpath('M180 300 H240 V580 H300 V630 H180Z', p.main) + vpath('M620 300 H560 V580 H500 V630 H620Z', p.main) + books.map((c, i) => vrect(246 + i * 52, 330 + (i % 3) * 20, 46, 300 - (i % 3) * 20, 4, c) + rect(246 + i * 52, 380 + (i % 3) * 20, 46, 8, 0, '#ffffff', op(0.35))).join('');
  },
  penpot: (p) =>
    group('rotate(-12 400 400)', rect(340, 200, 18, 260, 6, '#34507A') + path('M340 200 L349 170 L358 200Z', INK)) +
    group('rotate(6 400 400)', rect(395, 180, 20, 280, 6, '#D7A531') + path('M395 180 L405 150 L415 180Z', '#E9C99C')) +
    group('rotate(18 400 400)', rect(445, 230, 16, 240, 6, '#C4694A')) +
    vpath('M290 380 H510 V600 Q510 630 480 630 H320 Q290 630 290 600Z', p.main) +
    [330, 380, 450, 470].map((x, i) => circle(x, 440 + i * 40, 10 + (i % 2) * 4, [p.second, p.dark, '#ffffff', p.second][i]!, op(0.8))).join('') +
    ellipse(400, 380, 110, 18, p.dark),
  calendar: (p) => vrect(200, 500, 400, 120, 12, p.main) + vrect(230, 330, 150, 180, 10, p.light) + vrect(400, 330, 170, 180, 10, p.light) + rect(266, 390, 78, 60, 6, INK, op(0.8)) + rect(440, 380, 90, 26, 6, INK, op(0.8)) + rect(440, 430, 60, 26, 6, INK, op(0.5)),
  bathmat: (p) =>
    path('M230 400 H570 L660 620 H140Z', p.main) +
    [0.2, 0.4, 0.6, 0.8].map((t) => line(`M${230 - 90 * t} ${400 + 220 * t} H${570 + 90 * t}`, p.dark, 4, op(0.35))).join('') +
    [0.2, 0.4, 0.6, 0.8].map((t) => line(`M${230 + 340 * t} 400 L${140 + 520 * t} 620`, p.dark, 4, op(0.35))).join('') +
    path('M140 620 H660 V640 H140Z', p.dark),
  duckboard: (p) =>
    [0, 1, 2, 3, 4, 5].map((i) => vpath(`M${240 - i * 16} ${400 + i * 38} H${560 + i * 16} L${566 + i * 16} ${428 + i * 38} H${234 - i * 16}Z`, i % 2 ? p.main : darker(p.main, 0.08))).join('') +
    path('M150 630 H650 V640 H150Z', p.dark),
  soapdish: (p) => vpath('M200 540 Q220 620 400 620 Q580 620 600 540Z', p.main) + ellipse(400, 540, 200, 40, p.dark) + ellipse(400, 540, 184, 32, p.light) + vpath('M300 520 Q300 470 340 470 H460 Q500 470 500 520 Q500 545 470 545 H330 Q300 545 300 520Z', '#EAD7C0'),
  soap: (p) =>
    vpath('M210 560 L400 620 L590 560 V520 L400 580 L210 520Z', darker(p.main, 0.2)) +
    vpath('M210 520 L400 460 L590 520 L400 580Z', p.main) +
    ellipse(400, 520, 70, 24, p.dark, op(0.25)) +
    vpath('M260 430 L400 390 L540 430 V460 L400 500 L260 460Z', lighter(p.main, 0.2)) +
    path('M260 430 L400 390 L540 430 L400 470Z', lighter(p.main, 0.35)) +
    leaves(620, 620, 3, 120, 60),
  pumpbottle: (p) =>
    vrect(300, 340, 200, 280, 30, '#9A5A22') +
    rect(330, 420, 140, 120, 8, PAPER_WHITE, op(0.95)) +
    rect(330, 420, 140, 22, 4, p.main) +
    line('M355 460 H445 M365 490 H435', INK, 5, op(0.5)) +
    vrect(370, 290, 60, 60, 8, INK) +
    rect(392, 230, 16, 60, 4, INK) +
    vpath('M370 230 H460 Q480 230 480 248 H400 Q370 248 370 230Z', INK),
  brush: () =>
    group('rotate(-30 400 450)', vrect(150, 420, 260, 40, 20, WOOD_DARK) + vellipse(500, 440, 140, 80, WOOD) + [440, 470, 500, 530, 560].map((x) => line(`M${x} 516 v26`, '#C2A27A', 10)).join('')),
  birdhouse: (p) =>
    line('M400 90 V200', '#6b5a45', 4) + circle(400, 200, 14, 'none', ` stroke="${p.dark}" stroke-width="6"`) +
    vpath('M250 340 L400 210 L550 340Z', p.dark) +
    vpath('M280 330 H520 V590 H280Z', p.main) +
    circle(400, 400, 40, INK) +
    rect(390, 470, 20, 50, 4, WOOD_DARK) + rect(340, 500, 120, 14, 6, WOOD_DARK) +
    rect(270, 590, 260, 24, 6, p.dark),
  seedbox: (p) =>
    vpath('M200 480 H600 L570 620 H230Z', p.main) +
    ellipse(400, 480, 200, 20, '#5b4636') +
    [260, 330, 400, 470, 540].map((x, i) => line(`M${x} 480 V${420 - (i % 2) * 30}`, LEAF_DARK, 5) + leaves(x, 425 - (i % 2) * 30, 2, 50, 110)).join(''),
  plantpot: (p) =>
    leaves(400, 420, 7, 230, 150) +
    vpath('M285 440 H515 L490 630 H310Z', p.main) +
    vrect(270, 410, 260, 50, 10, p.main) +
    rect(270, 410, 260, 12, 6, p.dark, op(0.3)) +
    vellipse(400, 632, 130, 14, p.dark),
  hangingplanter: (p) =>
    line('M400 60 L300 380 M400 60 L500 380 M400 60 L400 380', p.dark, 5) +
    circle(400, 60, 14, 'none', ` stroke="${p.dark}" stroke-width="6"`) +
    leaves(400, 330, 5, 150, 120) +
    vpath('M290 330 H510 Q510 470 400 480 Q290 470 290 330Z', p.main) +
    line('M300 440 Q270 520 290 600 M500 440 Q540 520 520 620', LEAF_DARK, 5) +
    [0, 1, 2, 3].map((i) => circle(290 - (i % 2) * 12, 470 + i * 40, 16, LEAF) + circle(518 + (i % 2) * 12, 480 + i * 40, 16, LEAF)).join(''),
  trough: (p) => leaves(290, 430, 5, 140, 100) + leaves(510, 430, 5, 150, 100) + leaves(400, 430, 4, 120, 80) + vpath('M150 430 H650 L620 610 H180Z', p.main) + vrect(140, 410, 520, 36, 6, p.main) + rect(140, 410, 520, 10, 4, p.dark, op(0.3)),
  plantstand: (p) =>
    leaves(400, 300, 7, 190, 150) +
    vpath('M310 300 H490 L470 440 H330Z', p.second) +
    vrect(280, 440, 240, 26, 6, p.main) +
    line('M300 466 L250 640 M500 466 L550 640 M340 466 L330 620 M460 466 L470 620', p.main, 16),
  trowel: (p) =>
    group('rotate(35 400 420)', vrect(370, 430, 60, 210, 28, WOOD) + rect(388, 390, 24, 50, 6, METAL) + vpath('M400 130 Q490 220 470 330 Q450 390 400 395 Q350 390 330 330 Q310 220 400 130Z', p.main) + line('M400 170 V380', darker(p.main, 0.25), 4)),
  secateurs: (p) =>
    group('rotate(-20 400 420)', vpath('M380 420 Q300 520 320 640 L360 636 Q360 520 410 440Z', '#C0392B') + vpath('M420 420 Q500 520 480 640 L440 636 Q440 520 390 440Z', '#A33225') + vpath('M380 420 Q360 300 400 200 Q410 300 412 420Z', p.main) + vpath('M420 420 Q450 320 430 240 Q400 330 392 420Z', darker(p.main, 0.2)) + circle(402, 420, 14, METAL)),
  gloves: (p) => {
    const glove = (dx: number, rot: number, fill: string) =>
      group(`translate(${dx} 0) rotate(${rot} 400 460)`, [350, 385, 420, 455].map((x, i) => vrect(x - 15, 250 + Math.abs(i - 1.5) * 18, 32, 200, 16, fill)).join('') + vpath('M330 380 H475 V560 H330Z', fill) + group('rotate(-35 330 470)', vrect(250, 455, 110, 34, 17, fill)) + rect(320, 540, 165, 80, 10, darker(fill, 0.2)));
    return glove(-90, -8, p.dark) + glove(90, 8, p.main);
  },
  twine: (p) => vellipse(400, 470, 170, 150, p.main) + [...Array(9).keys()].map((i) => line(`M${245 + i * 8} ${390 + i * 20} Q400 ${350 + i * 22} ${555 - i * 8} ${390 + i * 20}`, p.dark, 4, op(0.45))).join('') + line('M540 540 Q620 600 700 560', p.main, 6),
  labels: (p) => [300, 380, 460, 540].map((x, i) => group(`rotate(${-10 + i * 6} ${x} 620)`, vpath(`M${x - 30} 300 H${x + 30} V560 L${x} 640 L${x - 30} 560Z`, p.main) + line(`M${x - 18} 340 H${x + 18} M${x - 18} 370 H${x + 10}`, '#ffffff', 5, op(0.45)))).join('') + leaves(200, 640, 4, 160, 70),
  kidsplate: (p) =>
    vellipse(360, 540, 220, 80, p.main) + ellipse(360, 530, 150, 50, lighter(p.main, 0.4)) +
    vpath('M470 360 H600 L585 540 Q535 560 485 540Z', p.second) + ellipse(535, 360, 65, 14, darker(p.second, 0.3)) +
    group('rotate(-30 300 450)', rect(290, 380, 20, 160, 8, p.dark) + vellipse(300, 380, 26, 38, p.dark)),
  nightlight: (p) =>
    circle(400, 400, 220, '#FFE7A8', op(0.25)) +
    vpath('M470 220 A190 190 0 1 0 470 580 A150 150 0 1 1 470 220Z', '#F7E2A4') +
    circle(360, 350, 14, '#e8c77a') + circle(330, 460, 22, '#e8c77a') +
    vellipse(400, 612, 150, 24, p.main),
  puzzle: (p) => {
    const piece = (x: number, y: number, fill: string) => vrect(x, y, 140, 140, 10, fill) + circle(x + 140, y + 70, 24, fill) + circle(x + 70, y + 140, 24, fill);
    return piece(240, 250, p.main) + piece(410, 260, p.second) + piece(250, 430, '#5E8C5A') + group('rotate(12 480 500)', piece(430, 440, '#3F6FA8'));
  },
  blocks: (p) => {
    const colours = [p.main, p.second, '#5E8C5A', '#3F6FA8', '#D6583F', '#D7A531'];
    return cube(200, 480, 100, colours[0]!, '#ffffff') + cube(400, 480, 100, colours[1]!, '#ffffff') + cube(300, 370, 100, colours[2]!, '#ffffff') + cube(300, 530, 100, colours[3]!, '#ffffff') + cube(300, 260, 100, colours[4]!, '#ffffff');
  },
  train: (p) => {
    const wheel = (x: number) => circle(x, 590, 34, INK) + circle(x, 590, 12, METAL);
    return (
      vrect(120, 450, 260, 120, 16, p.main) + vrect(250, 330, 130, 130, 12, p.main) + rect(280, 360, 70, 50, 8, PAPER_WHITE) + vrect(150, 360, 50, 90, 8, p.dark) + vrect(240, 310, 160, 30, 8, p.dark) +
      vrect(420, 440, 260, 130, 16, p.second) + vrect(440, 400, 220, 40, 8, lighter(p.second, 0.3)) +
      rect(380, 500, 40, 16, 6, INK) + wheel(180) + wheel(320) + wheel(480) + wheel(620)
    );
  },
  pullalong: (p) =>
    line('M240 560 Q150 460 120 300', INK, 4) + circle(118, 296, 16, '#C0392B') +
    vellipse(420, 460, 170, 100, p.main) +
    vellipse(540, 340, 70, 70, p.main) +
    path('M600 330 L680 350 L600 370Z', '#E69A2E') +
    circle(560, 320, 10, INK) +
    path('M330 420 Q400 380 470 430 Q400 470 330 420Z', p.dark, op(0.5)) +
    rect(300, 540, 260, 30, 10, WOOD_DARK) +
    circle(330, 590, 40, p.second) + circle(330, 590, 12, INK) + circle(530, 590, 40, p.second) + circle(530, 590, 12, INK),
  playkitchen: (p) =>
    vrect(200, 420, 400, 210, 16, p.main) + vrect(200, 400, 400, 30, 10, p.dark) +
    circle(300, 405, 40, INK, op(0.6)) + circle(500, 405, 40, INK, op(0.6)) +
    vpath('M240 330 H360 V390 Q360 400 350 400 H250 Q240 400 240 390Z', METAL) + rect(220, 340, 20, 14, 6, METAL) + rect(360, 340, 20, 14, 6, METAL) +
    rect(240, 460, 320, 120, 10, darker(p.main, 0.2)) + circle(260, 520, 10, BRASS) + rect(280, 470, 260, 100, 8, '#2a2a2a', op(0.5)),
  teddy: (p) =>
    circle(310, 230, 46, p.main) + circle(490, 230, 46, p.main) + circle(310, 230, 24, p.light) + circle(490, 230, 24, p.light) +
    vellipse(320, 600, 70, 50, p.main) + vellipse(480, 600, 70, 50, p.main) +
    vellipse(400, 480, 140, 150, p.main) + ellipse(400, 500, 80, 90, p.light) +
    vellipse(270, 450, 44, 80, p.main) + vellipse(530, 450, 44, 80, p.main) +
    vcircle(400, 300, 120, p.main) + ellipse(400, 340, 50, 38, p.light) + ellipse(400, 322, 14, 10, INK) + circle(355, 285, 10, INK) + circle(445, 285, 10, INK) +
    line('M385 352 Q400 364 415 352', INK, 4),
  rabbit: (p) =>
    vellipse(350, 160, 34, 110, p.main) + vellipse(450, 160, 34, 110, p.main) + ellipse(350, 170, 16, 80, p.light) + ellipse(450, 170, 16, 80, p.light) +
    vellipse(400, 500, 130, 140, p.main) + vellipse(330, 620, 60, 30, p.main) + vellipse(470, 620, 60, 30, p.main) +
    vcircle(400, 310, 105, p.main) + circle(360, 300, 9, INK) + circle(440, 300, 9, INK) + path('M390 335 h20 l-10 12z', '#D98A8A') +
    circle(520, 560, 30, PAPER_WHITE) + line('M330 420 Q400 450 470 420', p.second, 14),
  tshirt: (p) => garment(p, 'short', 'crew'),
  shirt: (p) => garment(p, 'long', 'shirt'),
  sweater: (p) => garment(p, 'long', 'crew') + [...Array(8).keys()].map((i) => line(`M${296 + i * 30} 250 V600`, p.dark, 3, op(0.15))).join(''),
  cardigan: (p) => garment(p, 'long', 'open'),
  robe: (p) => group('translate(400 120) scale(0.86) translate(-400 -120)', garment(p, 'long', 'open', 740) + rect(270, 450, 260, 26, 8, p.dark) + line('M420 476 l20 90 M400 476 l-10 100', p.dark, 14)),
  dress: (p) =>
    vpath('M330 200 L300 220 L260 330 L310 350 L330 300 L300 630 H500 L470 300 L490 350 L540 330 L500 220 L470 200 Q400 250 330 200Z', p.main) +
    line('M330 320 Q400 340 470 320', p.dark, 5, op(0.4)) + line('M340 330 L320 620 M400 336 V624 M460 330 L480 620', p.dark, 3, op(0.2)) + rect(316, 440, 50, 60, 8, p.dark, op(0.25)) + rect(434, 440, 50, 60, 8, p.dark, op(0.25)),
  beanie: (p) =>
    circle(400, 200, 40, p.light) +
    vpath('M250 470 Q240 220 400 215 Q560 220 550 470Z', p.main) +
    [290, 330, 370, 410, 450, 490].map((x) => line(`M${x + 10} 250 Q${x + 6} 360 ${x} 470`, p.dark, 5, op(0.25))).join('') +
    vrect(230, 460, 340, 110, 24, p.dark) +
    [...Array(11).keys()].map((i) => line(`M${255 + i * 30} 470 V560`, p.main, 5, op(0.35))).join(''),
  cap: (p) =>
    vpath('M240 470 Q240 300 400 300 Q560 300 560 470Z', p.main) + line('M400 300 V470 M320 320 Q300 400 310 470 M480 320 Q500 400 490 470', p.dark, 4, op(0.35)) + circle(400, 298, 12, p.dark) +
    vpath('M240 470 Q380 490 560 470 Q660 470 690 520 Q560 540 420 520 Q280 510 240 470Z', p.dark),
  socks: (p) => {
    const sock = (dx: number, fill: string) =>
      group(`translate(${dx} 0)`, vpath('M300 200 H400 V480 Q400 520 440 540 L520 580 Q560 600 540 630 Q520 660 470 640 L340 580 Q300 560 300 510Z', fill) + rect(300, 200, 100, 60, 6, lighter(fill, 0.45)) + line('M300 290 H400 M300 310 H400', p.second, 8, op(0.8)) + path('M470 640 Q520 660 540 630 Q560 600 520 580 L490 566Z', darker(fill, 0.2)));
    return sock(-80, p.main) + sock(60, p.dark);
  },
  scarf: (p) =>
    vpath('M300 160 Q230 260 280 380 Q320 470 260 620 L350 620 Q400 470 360 370 Q330 280 380 200Z', p.main) +
    vpath('M380 200 Q460 240 500 340 Q540 460 500 620 L420 620 Q450 480 420 370 Q400 290 340 250Z', p.dark) +
    line('M290 260 L370 240 M300 360 L360 340 M300 460 L370 460', p.light, 6, op(0.5)) +
    [...Array(6).keys()].map((i) => line(`M${268 + i * 16} 620 v30 M${428 + i * 14} 620 v30`, p.dark, 4)).join(''),
  belt: (p) =>
    circle(400, 460, 170, 'none', ` stroke="${p.main}" stroke-width="44"`) +
    circle(400, 460, 110, 'none', ` stroke="${darker(p.main, 0.15)}" stroke-width="44"`) +
    [0, 1, 2].map((i) => circle(400 + 170 * Math.cos(2.2 + i * 0.18), 460 + 170 * Math.sin(2.2 + i * 0.18), 5, INK)).join('') +
    rect(510, 380, 90, 90, 12, 'none', ` stroke="${BRASS}" stroke-width="14"`) + line('M520 425 H600', BRASS, 10),
  clock: (p) =>
    vcircle(400, 420, 220, p.main) + circle(400, 420, 190, PAPER_WHITE) +
    [...Array(12).keys()].map((i) => {
      const a = (i * Math.PI) / 6;
      const r1 = i % 3 ? 168 : 150;
      return line(`M${(400 + r1 * Math.sin(a)).toFixed(1)} ${(420 - r1 * Math.cos(a)).toFixed(1)} L${(400 + 178 * Math.sin(a)).toFixed(1)} ${(420 - 178 * Math.cos(a)).toFixed(1)}`, INK, i % 3 ? 4 : 8);
    }).join('') +
    line('M400 420 L400 300', INK, 10) + line('M400 420 L490 470', INK, 8) + line('M400 420 L330 270', '#C0392B', 3) + circle(400, 420, 12, INK),
  dried: (p) =>
    [[-30, 300], [-12, 340], [0, 360], [14, 330], [30, 290]]
      .map(([a, len]) => group(`rotate(${a} 400 520)`, line(`M400 520 V${520 - len!}`, '#8E7A58', 5) + vellipse(400, 520 - len! - 20, 26, 70, p.second))).join('') +
    vpath('M330 460 Q300 540 340 630 H460 Q500 540 470 460Z', p.main) + ellipse(400, 460, 70, 14, p.dark),
  box: (p) => vrect(200, 460, 400, 170, 10, p.main) + vrect(186, 420, 428, 60, 10, p.dark) + rect(370, 520, 60, 24, 8, WOOD_DARK) + vrect(260, 330, 280, 100, 10, p.second) + vrect(250, 300, 300, 40, 8, darker(p.second, 0.2)),
  budvase: (p) =>
    line('M400 470 Q380 300 420 180', LEAF_DARK, 5) + circle(424, 170, 24, '#E4897A') + circle(424, 170, 10, '#F3C14A') + leaves(396, 360, 2, 70, 120) +
    vpath('M380 440 H420 V470 Q480 510 480 570 Q480 630 400 630 Q320 630 320 570 Q320 510 380 470Z', p.main) + ellipse(400, 440, 20, 6, p.dark),
  vase: (p) =>
    [-25, -8, 8, 25].map((a) => group(`rotate(${a} 400 360)`, line('M400 360 V140', '#7B6A4A', 5) + leaves(400, 250, 3, 70, 140))).join('') +
    vpath('M350 330 H450 Q440 390 480 440 Q540 520 500 600 Q480 630 400 630 Q320 630 300 600 Q260 520 320 440 Q360 390 350 330Z', p.main) +
    ellipse(400, 330, 50, 10, p.dark),
  frame: (p) =>
    vrect(230, 190, 340, 440, 8, p.main) + rect(260, 220, 280, 380, 2, PAPER_WHITE) + rect(300, 260, 200, 300, 0, p.second, op(0.35)) +
    circle(440, 330, 30, '#F3C14A', op(0.9)) + path('M300 560 L380 420 L440 500 L470 460 L500 520 V560Z', '#5E8C5A', op(0.85)),
  mirror: (p) =>
    vcircle(400, 410, 230, p.main) +
    [...Array(36).keys()].map((i) => {
      const a = (i * Math.PI) / 18;
      return line(`M${(400 + 196 * Math.cos(a)).toFixed(1)} ${(410 + 196 * Math.sin(a)).toFixed(1)} L${(400 + 226 * Math.cos(a)).toFixed(1)} ${(410 + 226 * Math.sin(a)).toFixed(1)}`, p.dark, 4, op(0.45));
    }).join('') +
    circle(400, 410, 190, '#D9E6EA') + path('M280 340 L470 250 L500 280 L310 370Z', '#ffffff', op(0.55)) + path('M320 430 L500 345 L515 362 L335 447Z', '#ffffff', op(0.4)),
  towel: (p) =>
    [0, 1, 2].map((i) => {
      const y = 560 - i * 80;
      const fill = i === 1 ? p.second : p.main;
      return vrect(210 + i * 10, y, 380 - i * 20, 78, 22, fill) + rect(250 + i * 10, y + 10, 16, 58, 0, darker(fill, 0.2), op(0.4)) + rect(534 - i * 10, y + 10, 16, 58, 0, darker(fill, 0.2), op(0.4)) + line(`M${240 + i * 10} ${y + 39} H${560 - i * 10}`, lighter(fill, 0.4), 3, op(0.5));
    }).join(''),
  wateringcan: (p) =>
    line('M360 385 Q430 250 520 345', p.dark, 22) +
    vpath('M320 470 L170 330 L150 350 L300 520Z', p.main) +
    group('rotate(-45 160 336)', vellipse(160, 336, 22, 44, p.dark)) +
    vpath('M300 380 H520 V590 Q520 622 488 622 H332 Q300 622 300 590Z', p.main) +
    ellipse(410, 380, 110, 18, p.dark) +
    line('M300 430 H520 M300 560 H520', p.dark, 4, op(0.3)),
  toothcup: (p) =>
    group('rotate(-14 400 430)', rect(352, 230, 18, 250, 9, p.second) + rect(348, 200, 26, 70, 10, PAPER_WHITE)) +
    group('rotate(10 400 430)', rect(420, 250, 18, 230, 9, '#6B9AC4') + rect(416, 220, 26, 70, 10, PAPER_WHITE)) +
    vpath('M310 400 H490 L478 610 Q476 628 458 628 H342 Q324 628 322 610Z', p.main) +
    [[350, 470, 9], [440, 450, 7], [380, 540, 11], [460, 560, 8], [340, 590, 6]].map(([x, y, r]) => circle(x!, y!, r!, p.dark, op(0.55))).join('') +
    ellipse(400, 400, 90, 14, p.dark),
  apron: (p) =>
    line('M335 230 Q400 120 465 230', p.dark, 12) +
    line('M250 380 Q180 400 150 470 M550 380 Q620 400 650 470', p.dark, 12) +
    vpath('M330 225 H470 L480 370 Q560 380 560 420 L580 640 H220 L240 420 Q240 380 320 370Z', p.main) +
    rect(330, 470, 140, 90, 8, p.dark, op(0.3)) + line('M400 470 V560', p.main, 4) +
    line('M330 225 H470', p.dark, 10),
} satisfies Record<string, ShapeFn>;

function vcircle(cx: number, cy: number, r: number, fill: string): string {
  return circle(cx, cy, r, fill) + shade(circle(cx, cy, r, fill));
}

export type ShapeName = keyof typeof SHAPES;
