"""The example site's pictures, drawn by code: synthetic radiograph-, CT-, MRI- and ultrasound-like
images for the teaching cases, neutral illustrated avatars for the profiles, a drawing for the news.

No patient image is ever used (nothing to de-identify, no licence to track); each picture follows its
alt text in the case's front matter. Deterministic: the same run writes the same bytes (seeded noise,
PNG without metadata). Run from the repository root:

    .venv/bin/python bench/example_images.py
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
SIDE = 640
Box = tuple[float, float, float, float]


def _noise(size: tuple[int, int], sigma: float, seed: int) -> Image.Image:
    """Seeded Gaussian grain, centred on 128 (Pillow's effect_noise is not seeded)."""
    rng = random.Random(seed)
    data = bytes(max(0, min(255, round(rng.gauss(128, sigma)))) for _ in range(size[0] * size[1]))
    return Image.frombytes("L", size, data)


def _finish(im: Image.Image, blur: float, grain: float, seed: int) -> Image.Image:
    """Soft edges and film or detector grain: what makes flat shapes read as an image."""
    im = im.filter(ImageFilter.GaussianBlur(blur))
    grainy = ImageChops.add(im, _noise(im.size, grain, seed), scale=1.0, offset=-128)
    return grainy.filter(ImageFilter.GaussianBlur(0.6))


def _canvas(value: int = 0) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    im = Image.new("L", (SIDE, SIDE), value)
    return im, ImageDraw.Draw(im)


def chest_x_ray() -> Image.Image:
    """Frontal chest radiograph with a left pneumothorax: a dark lateral space without markings, a pleural line."""
    im, d = _canvas(10)
    d.ellipse((70, 40, 570, 700), fill=150)  # soft tissue of the chest
    d.ellipse((120, 110, 300, 560), fill=55)  # right lung (viewer's left)
    d.ellipse((340, 100, 540, 570), fill=30)  # left lung: darker, collapsed edge below
    d.ellipse((375, 150, 470, 500), fill=70)  # the collapsed lung, lateral to it no markings
    d.arc((372, 146, 474, 504), 250, 110, fill=190, width=2)  # the visceral pleural line
    for y in range(140, 520, 42):  # ribs: bright arcs on both sides
        d.arc((110, y - 40, 320, y + 40), 200, 340, fill=175, width=9)
        d.arc((320, y - 40, 540, y + 40), 200, 340, fill=175, width=9)
    for y in range(170, 520, 30):  # vessel markings in the right lung only
        d.line((300, y, 200 + (y % 60), y + 25), fill=95, width=3)
    d.rectangle((298, 40, 342, 640), fill=200)  # spine and mediastinum
    d.ellipse((250, 330, 420, 540), fill=185)  # heart
    d.line((150, 105, 300, 140), fill=205, width=14)  # clavicles
    d.line((340, 140, 490, 105), fill=205, width=14)
    return _finish(im, 6, 10, 1)


def abdominal_x_ray() -> Image.Image:
    """Supine abdominal radiograph: dilated gas-filled small-bowel loops centrally, little colonic gas."""
    im, d = _canvas(12)
    d.rectangle((80, 0, 560, 640), fill=140)
    d.rectangle((298, 0, 342, 470), fill=205)  # lumbar spine
    for y in range(20, 470, 58):
        d.rectangle((290, y, 350, y + 44), fill=215)  # vertebral bodies
    d.chord((110, 430, 530, 760), 180, 360, fill=200)  # pelvis
    d.ellipse((230, 520, 410, 700), fill=120)
    loops = [(190, 150), (300, 120), (410, 160), (220, 260), (340, 250), (430, 290), (260, 360), (380, 370)]
    for x, y in loops:  # dilated loops: dark gas with bright folds across them
        d.rounded_rectangle((x - 58, y - 40, x + 58, y + 40), 36, fill=45)
        for k in range(-40, 50, 16):
            d.line((x + k, y - 36, x + k, y + 36), fill=120, width=3)
    return _finish(im, 5, 10, 2)


def ct_head() -> Image.Image:
    """Axial non-contrast head CT at the midbrain: bright blood in the central basal cisterns."""
    im, d = _canvas(0)
    d.ellipse((110, 70, 530, 590), fill=235)  # skull
    d.ellipse((130, 90, 510, 570), fill=105)  # brain
    d.ellipse((280, 300, 360, 380), fill=120)  # midbrain
    d.polygon([(320, 230), (250, 330), (390, 330)], fill=200)  # blood in the suprasellar cistern
    d.ellipse((282, 312, 358, 372), fill=118)
    d.ellipse((300, 440, 340, 480), fill=70)  # fourth ventricle
    d.ellipse((190, 190, 260, 300), fill=95)  # temporal lobes, a little darker
    d.ellipse((380, 190, 450, 300), fill=95)
    return _finish(im, 3, 8, 3)


def ct_head_higher() -> Image.Image:
    """The same head CT a few slices higher: lateral ventricles, bright blood along both Sylvian fissures."""
    im, d = _canvas(0)
    d.ellipse((115, 60, 525, 600), fill=235)  # skull
    d.ellipse((135, 80, 505, 580), fill=105)  # brain
    d.ellipse((265, 230, 305, 400), fill=40)  # lateral ventricles (dark fluid)
    d.ellipse((335, 230, 375, 400), fill=40)
    d.line([(170, 330), (230, 310), (270, 320)], fill=200, width=9)  # blood in the Sylvian fissures
    d.line([(470, 330), (410, 310), (370, 320)], fill=200, width=9)
    d.line((320, 100, 320, 560), fill=125, width=4)  # falx
    return _finish(im, 3, 8, 9)


def ct_pulmonary_angiogram() -> Image.Image:
    """Axial CT pulmonary angiogram: a dark filling defect inside the bright main pulmonary artery."""
    im, d = _canvas(0)
    d.ellipse((40, 120, 600, 560), fill=120)  # chest wall and soft tissue
    d.ellipse((80, 160, 300, 520), fill=18)  # lungs
    d.ellipse((340, 160, 560, 520), fill=18)
    d.ellipse((300, 420, 350, 470), fill=230)  # vertebra
    d.ellipse((255, 200, 345, 290), fill=220)  # main pulmonary artery, contrast-filled
    d.ellipse((285, 228, 325, 262), fill=95)  # the clot
    d.ellipse((340, 240, 400, 300), fill=200)  # aorta
    d.ellipse((345, 380, 385, 420), fill=200)  # descending aorta
    for x, y in [(150, 260), (190, 380), (470, 270), (430, 400)]:
        d.ellipse((x - 6, y - 6, x + 6, y + 6), fill=160)  # vessels in the lungs
    return _finish(im, 2.5, 9, 4)


def ct_abdomen() -> Image.Image:
    """Axial CT of the lower abdomen: a thick-walled tubular structure in the right lower quadrant, hazy fat."""
    im, d = _canvas(0)
    d.ellipse((50, 110, 590, 560), fill=110)  # body
    d.ellipse((70, 130, 570, 540), fill=70)  # fat
    d.ellipse((290, 420, 350, 480), fill=230)  # vertebra
    d.ellipse((220, 430, 270, 480), fill=135)  # psoas
    d.ellipse((370, 430, 420, 480), fill=135)
    for x, y in [(300, 250), (360, 300), (420, 230), (250, 330), (460, 330)]:
        d.ellipse((x - 34, y - 28, x + 34, y + 28), fill=125)  # bowel
    d.ellipse((110, 300, 230, 420), fill=90)  # inflamed fat (hazier)
    d.ellipse((140, 330, 200, 390), fill=160)  # the thick wall
    d.ellipse((158, 348, 182, 372), fill=95)  # its lumen
    return _finish(im, 3, 9, 5)


def _fan(d: ImageDraw.ImageDraw) -> None:
    d.pieslice((320 - 660, -660, 320 + 660, 660), 55, 125, fill=70)  # the probe's sector, apex at the top


def ultrasound_target() -> Image.Image:
    """Transverse ultrasound: a round mass of alternating bright and dark concentric rings (a target)."""
    im, d = _canvas(0)
    _fan(d)
    for r, value in [(130, 170), (105, 70), (82, 180), (60, 75), (38, 175), (18, 90)]:
        d.ellipse((320 - r, 360 - r, 320 + r, 360 + r), fill=value)
    speckle = _noise(im.size, 45, 6).filter(ImageFilter.GaussianBlur(1.2))
    im = ImageChops.multiply(im, speckle.point(lambda v: min(255, v * 2)))
    return _finish(im, 1.5, 22, 60)


def ultrasound_gallbladder() -> Image.Image:
    """Gallbladder ultrasound: dark fluid, a bright stone in its neck with a dark shadow behind it."""
    im, d = _canvas(0)
    _fan(d)
    d.ellipse((170, 260, 470, 430), fill=10)  # the gallbladder
    d.polygon([(330, 420), (380, 420), (420, 640), (300, 640)], fill=15)  # acoustic shadow
    d.ellipse((325, 370, 385, 425), fill=240)  # the stone
    speckle = _noise(im.size, 45, 7).filter(ImageFilter.GaussianBlur(1.2))
    im = ImageChops.multiply(im, speckle.point(lambda v: min(255, v * 2)))
    return _finish(im, 1.5, 22, 70)


def mri_knee() -> Image.Image:
    """Sagittal knee MRI through the notch: femur and tibia, joint fluid, a wavy band where the ACL should be."""
    im, d = _canvas(8)
    d.rectangle((150, 0, 490, 640), fill=90)  # soft tissue
    d.rounded_rectangle((230, 0, 420, 300), 90, fill=150)  # femur
    d.rounded_rectangle((220, 340, 440, 640), 40, fill=150)  # tibia
    d.ellipse((420, 170, 500, 330), fill=235)  # joint fluid (bright)
    d.ellipse((440, 150, 480, 280), fill=130)  # patella
    d.line([(300, 320), (320, 300), (340, 325), (360, 295), (380, 320)], fill=120, width=10)  # torn ACL
    d.line((250, 330, 400, 335), fill=30, width=8)  # menisci (dark)
    return _finish(im, 2.5, 7, 8)


CASES: dict[str, Callable[[], Image.Image]] = {
    "sudden-chest-pain-x-ray": chest_x_ray,
    "abdominal-distension-x-ray": abdominal_x_ray,
    "sudden-headache-ct": ct_head,
    "sudden-headache-ct-higher": ct_head_higher,
    "breathless-after-surgery-ct": ct_pulmonary_angiogram,
    "right-lower-abdominal-pain-ct": ct_abdomen,
    "pediatric-abdominal-pain-ultrasound": ultrasound_target,
    "right-upper-abdominal-pain-ultrasound": ultrasound_gallbladder,
    "twisting-knee-injury-mri": mri_knee,
}

PALETTE = [((224, 236, 238), (10, 79, 92)), ((238, 232, 222), (110, 74, 30)), ((230, 228, 240), (64, 60, 120)),
           ((226, 238, 226), (40, 90, 50)), ((240, 228, 230), (120, 50, 60))]  # fmt: skip


def avatar(slug: str) -> Image.Image:
    """A neutral illustrated avatar: head and shoulders in one colour on a soft ground, chosen by the slug."""
    ground, figure = PALETTE[hashlib.sha256(slug.encode()).digest()[0] % len(PALETTE)]
    big = 800
    im = Image.new("RGB", (big, big), ground)
    d = ImageDraw.Draw(im)
    d.ellipse((280, 140, 520, 400), fill=figure)  # head
    d.rounded_rectangle((355, 360, 445, 500), 30, fill=figure)  # neck
    d.ellipse((140, 450, 660, 1000), fill=figure)  # shoulders
    return im.resize((200, 200), Image.Resampling.LANCZOS)


def mri_scanner() -> Image.Image:
    """The news post's drawing: an MRI scanner (a ring) with its patient table."""
    im = Image.new("RGB", (480, 270), (232, 243, 244))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((150, 30, 390, 240), 40, fill=(250, 250, 250), outline=(10, 79, 92), width=6)
    d.ellipse((205, 70, 335, 200), fill=(10, 79, 92))
    d.ellipse((225, 90, 315, 180), fill=(200, 220, 224))
    d.rounded_rectangle((20, 150, 300, 172), 8, fill=(120, 130, 135))
    d.rectangle((60, 172, 90, 240), fill=(120, 130, 135))
    return im


def write(path: Path, im: Image.Image) -> None:
    """PNG without metadata (a fresh image: no text chunks)."""
    Image.frombytes(im.mode, im.size, im.tobytes()).save(path, format="PNG", optimize=True)


def main() -> None:
    for slug, draw in CASES.items():
        write(ROOT / "content" / "cases" / "images" / f"{slug}.png", draw())
    for photo in sorted((ROOT / "content" / "people" / "images").glob("*.png")):
        write(photo, avatar(photo.stem))
    write(ROOT / "content" / "news" / "images" / "new-mri-scanner.png", mri_scanner())


if __name__ == "__main__":
    main()
