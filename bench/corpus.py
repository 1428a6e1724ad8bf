"""A deterministic, realistic department site at any size, for benchmarks.

Mix (issue "Scale"): 40% cases, 25% news, 15% FAQ, 10% exam guides, 5% trials, 5% profiles;
about 400 words an item, with tags, image references and cross-references that resolve.

    python -m bench.corpus DEST --items 2000
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

MIX = [("cases", 0.40), ("news", 0.25), ("faq", 0.15), ("exams", 0.10), ("trials", 0.05), ("people", 0.05)]
WORDS = (
    "scan image doctor report radiologist patient contrast study result normal finding small area "
    "kidney liver lung heart brain bone joint knee spine chest belly pelvis breast vessel nerve follow-up "
    "clinic appointment preparation water fasting metal implant safety dose radiation ultrasound "
    "magnet x-ray table minutes quiet breathe hold still gown nurse technologist question answer "
    "explain plain clear compare previous change stable growth size shape edge lesion nodule cyst "
    "effusion fracture swelling inflammation infection bleeding clot tumour"
).split()
TAGS = ["ct", "mri", "ultrasound", "x-ray", "radiation", "neuroradiology", "chest", "breast-imaging",
        "musculoskeletal", "pediatric", "patient-tips", "research", "screening", "emergency"]  # fmt: skip
MODALITIES = ["x-ray", "ct", "mri", "ultrasound", "mammography", "nuclear-medicine", "pet-ct"]
DOSES = {"x-ray": 0.1, "ct": 7, "mammography": 0.4, "nuclear-medicine": 5, "pet-ct": 25}
SYSTEMS = ["neuro", "chest", "abdomen", "musculoskeletal", "breast", "vascular", "genitourinary"]
SUBSPECIALTIES = ["neuroradiology", "musculoskeletal", "breast", "chest", "cardiac", "abdominal", "pediatric"]
INTERESTS = ["artificial intelligence", "stroke imaging", "lung screening", "sports injuries", "dose reduction",
             "prostate mri", "breast density", "medical education", "liver imaging", "cardiac ct"]  # fmt: skip
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63606060600000000500010d0a2db40000000049454e44ae426082"
)  # a 1x1 PNG; enough for image references that resolve


def counts(total: int) -> dict[str, int]:
    result = {name: max(1, round(total * share)) for name, share in MIX}
    result["cases"] += total - sum(result.values())
    return result


def generate(dest: Path, items: int, seed: int = 0) -> dict[str, int]:
    """Write `items` items under `dest` (the content folder); returns items per collection."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    rng = random.Random(seed)
    n = counts(items)
    people = [f"person-{i:05d}" for i in range(n["people"])]
    exams = [f"exam-{i:05d}" for i in range(n["exams"])]
    faqs = [f"faq-{i:05d}" for i in range(n["faq"])]

    def para(words: int) -> str:
        text = " ".join(rng.choice(WORDS) for _ in range(words))
        sentences = [s.strip().capitalize() for s in _chunks(text.split(), 12)]
        return ". ".join(sentences) + "."

    def body(sections: list[str], words: int = 400) -> str:
        per = max(20, words // max(1, len(sections)))
        return "\n\n".join(f"## {s}\n\n{para(per)}" for s in sections) + "\n"

    def tags() -> str:
        return "[" + ", ".join(rng.sample(TAGS, 2)) + "]"

    def day(i: int) -> str:
        return f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}"

    def write(rel: str, text: str) -> None:
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    (dest / "images").mkdir(parents=True, exist_ok=True)
    (dest / "images" / "scan.png").write_bytes(PNG)
    write("index.md", "---\ntitle: Home\n---\nWelcome to the benchmark department.\n")
    write("about.md", "---\ntitle: About\n---\nAbout the department.\n")

    # Each item is written as it reads, front matter then body: not reformatted.
    # fmt: off
    for i, slug in enumerate(people):
        write(f"people/{slug}.md", f"""---
title: Doctor {i:05d}
summary: Radiologist number {i}.
credentials: MD
role: Attending radiologist
subspecialties: [{rng.choice(SUBSPECIALTIES)}]
research_interests: [{", ".join(rng.sample(INTERESTS, 2))}]
languages: [English]
accepting_mentees: {str(i % 2 == 0).lower()}
email: doctor{i}@hospital.example
visibility: {{email: internal}}
---
{para(400)}
""")
    for i, slug in enumerate(exams):
        modality = MODALITIES[i % len(MODALITIES)]
        dose = f"effective_dose_msv: {DOSES[modality]}\n" if modality in DOSES else ""
        write(f"exams/{slug}.md", f"""---
title: Exam guide {i:05d}
summary: How exam {i} works and how to prepare.
tags: {tags()}
modality: {modality}
body_part: chest
duration: about 20 minutes
{dose}preparation: [Do not eat for 4 hours.]
contraindications: [Pregnancy, unless needed.]
indications: [Chest pain.]
related_faq: [{faqs[i % len(faqs)]}]
reviewed_by: {people[i % len(people)]}
last_reviewed: {day(i)}
---
{body(["What it is", "How to prepare", "What to expect", "Risks and benefits", "Radiation",
       "Contraindications", "Who reads the results and when"])}""")
    for i, slug in enumerate(faqs):
        write(f"faq/{slug}.md", f"""---
title: Patient question {i:05d}?
summary: A short answer to question {i}.
tags: {tags()}
category: report-words
short_answer: The short answer to question {i}.
related_exams: [{exams[i % len(exams)]}]
reviewed_by: {people[i % len(people)]}
last_reviewed: {day(i)}
---
{body(["What it means", "What happens next"])}""")
    for i in range(n["cases"]):
        modality = MODALITIES[i % len(MODALITIES)]
        write(f"cases/case-{i:05d}.md", f"""---
title: Teaching case {i:05d}
summary: A {modality} case. What do you see?
tags: {tags()}
date: {day(i)}
modality: {modality}
body_systems: [{rng.choice(SYSTEMS)}]
age: {20 + 5 * (i % 13)}
sex: {"female" if i % 2 else "male"}
history: Pain for three days.
images:
  - src: ../images/scan.png
    alt: A {modality} image of case {i}.
difficulty: {["beginner", "intermediate", "advanced"][i % 3]}
reveal_at: "{day(i)}T09:00"
authors: [{people[i % len(people)]}]
diagnosis: Diagnosis number {i}
quiz:
  question: What is the most likely diagnosis?
  choices: [Diagnosis number {i}, Something else, Normal study]
  answer: Diagnosis number {i}
  explanation: Explanation for case {i}.
---
{para(80)}

<!-- answer -->

{body(["Findings", "Discussion", "Teaching points"], 320)}""")
    for i in range(n["news"]):
        write(f"news/news-{i:05d}.md", f"""---
title: News item {i:05d}
summary: Something new in the department, number {i}.
tags: {tags()}
date: {day(i)}
authors: [{people[i % len(people)]}]
image:
  src: ../images/scan.png
  alt: Picture for news {i}.
---
{body(["What is new", "What it means for you"])}""")
    for i in range(n["trials"]):
        write(f"trials/trial-{i:05d}.md", f"""---
title: Trial {i:05d}
summary: A study of imaging, number {i}.
nct_id: NCT{99000000 + i:08d}
status: {["RECRUITING", "NOT_YET_RECRUITING", "COMPLETED"][i % 3]}
conditions: [Lung cancer]
phase: [NA]
eligibility:
  min_age: 18 Years
  sex: ALL
  healthy_volunteers: false
  criteria: "Inclusion Criteria: adults."
contact: {{name: Study coordinator, phone: 555-0100, email: study@hospital.example}}
pi: {people[i % len(people)]}
last_update: {day(i)}
---
{para(400)}
""")
    # fmt: on
    return n


def _chunks(words: list[str], size: int) -> list[str]:
    return [" ".join(words[i : i + size]) for i in range(0, len(words), size)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(generate(args.dest, args.items, args.seed))


if __name__ == "__main__":
    main()
