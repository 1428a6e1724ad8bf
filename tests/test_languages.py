"""Languages (issue 21): translations as sibling files, built for real with MkDocs into a scratch copy.

One Spanish build of the example with small fixtures of our own (the example's Spanish content is
written elsewhere): an exam guide, a FAQ whose original is a draft, a stale FAQ translation, the
about and home pages and a Spanish glossary. Each test reads the built files.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import feedparser
import lxml.html
import pytest
import yaml
from test_privacy import found_in

from conftest import ROOT, Project, make_project
from radsite.content.load import load
from radsite.content.sources import translation_of
from radsite.languages import decide_language, load_translations
from radsite.locales import catalogue
from radsite.settings import Settings

SITE = "https://radiology.northbrook-health.example/"
SECRET = "zorzal-secreto-7731"  # only in the translation of a draft original: must reach no file
OWN_DRAFT = "gavilan-borrador-4410"  # a translation that is itself a draft, of a published original

EXAM_ES = """---
title: TAC de la cabeza
summary: Un examen rápido que hace imágenes del cerebro y del cráneo.
body_part: Cabeza y cerebro
duration: "unos 10 minutos"
preparation:
  - Normalmente no necesita prepararse
indications: [Golpe en la cabeza]
contraindications: [Ninguna contraindicación absoluta]
ordering_tips: [Indique la hora de inicio de los síntomas]
last_reviewed: 2026-10-06
---

## Qué es

Una TAC usa rayos X para ver el cerebro. Si tiene un hematoma, el médico se lo explicará.

## Cómo prepararse

Normalmente no necesita prepararse.

## Qué esperar

Se acuesta en una camilla. El examen dura unos minutos.

## Riesgos y beneficios

La TAC es rápida y muestra el cerebro con claridad.

## Radiación

La TAC usa una dosis pequeña de rayos X.

## Contraindicaciones

No hay ninguna contraindicación absoluta.

## Quién lee los resultados y cuándo

Un radiólogo lee las imágenes y envía el informe a su médico.
"""

FAQ_STALE_ES = """---
title: ¿Por qué mi médico pidió una TAC y no una resonancia?
summary: Cada examen sirve mejor para problemas distintos.
short_answer: Cada examen responde a preguntas distintas.
last_reviewed: 2025-01-10
---

La TAC y la resonancia hacen imágenes del cuerpo de formas distintas.
"""

DRAFT_ORIGINAL = """---
title: A question not yet ready
summary: Still being written.
category: choosing-an-exam
readers: [patients]
short_answer: Not yet.
reviewed_by: daniel-reyes
last_reviewed: 2026-10-01
draft: true
---

Draft text.
"""

DRAFT_TRANSLATION = f"""---
title: Una pregunta que no está lista
draft: false
short_answer: Todavía no. {SECRET}
---

Texto {SECRET} en borrador.
"""

OWN_DRAFT_TRANSLATION = f"""---
title: Puede venir alguien conmigo {OWN_DRAFT}
short_answer: Sí. {OWN_DRAFT}
draft: true
---

Texto {OWN_DRAFT}.
"""

GLOSSARY_ES = """- term: hematoma
  definition: Sangre acumulada fuera de los vasos, como un moretón.
"""


def spanish_project(root: Path) -> Project:
    project = make_project(root)
    for own in [*project.content.rglob("*.es.md"), *project.content.glob("glossary.es.yml")]:
        own.unlink()  # the example's own translations: these tests write theirs
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "languages: [en, es]" in config
    config = config.replace("languages: [en, es]", "languages: [en, es]\n      translation_notes: true", 1)
    (project.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    project.write("exams/ct-head.es.md", EXAM_ES)
    project.write("faq/ct-or-mri.es.md", FAQ_STALE_ES)
    project.write("faq/not-ready.md", DRAFT_ORIGINAL)
    project.write("faq/not-ready.es.md", DRAFT_TRANSLATION)
    project.write("faq/can-someone-come-with-me.es.md", OWN_DRAFT_TRANSLATION)
    project.write("about.es.md", "---\ntitle: Quiénes somos\n---\n\nSomos el departamento de radiología. Intérpretes gratis.\n")
    project.write("index.es.md", "---\ntitle: Radiología Northbrook\n---\n\nBienvenido. Imágenes que usted puede entender.\n")
    project.write("glossary.es.yml", GLOSSARY_ES)
    return project


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, str]:
    project = spanish_project(tmp_path_factory.mktemp("spanish") / "project")
    run = project.build()
    assert run.returncode == 0, run.output
    return project, run.output


def doc(project: Project, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(project.page(url))


def visible_text(page: lxml.html.HtmlElement) -> str:
    for element in page.xpath("//script|//style|//template|//*[@hidden]"):
        element.drop_tree()
    return re.sub(r"\s+", " ", page.text_content())


# --- the model, without MkDocs ---------------------------------------------------------------


def test_translation_file_names() -> None:
    assert translation_of("exams/ct-head.es.md") == ("exams/ct-head.md", "es")
    assert translation_of("index.es.md") == ("index.md", "es")
    assert translation_of("notes.v2.md") is None  # not a language
    assert translation_of("exams/ct-head.md") is None
    assert translation_of("glossary.es.yml") is None  # the glossary is read apart


def test_a_translation_takes_what_it_omits_from_its_original(tmp_path: Path) -> None:
    project = spanish_project(tmp_path / "p")
    loaded = load(project.content, shown_as="content")
    found = load_translations(project.content, loaded, ("en", "es"), "content")
    exam = next(item for item in found.items["es"] if item.collection == "exams")
    assert exam.slug == "ct-head" and exam.url == "es/exams/ct-head/"
    assert exam.meta.duration == "unos 10 minutos"  # its own
    assert exam.meta.modality == "ct" and exam.meta.effective_dose_msv == 2  # the original's
    stale = [f for f in found.findings if f.path == "content/faq/ct-or-mri.es.md"]
    assert [f.level for f in stale] == ["warning"] and "2025-01-10" in stale[0].message, stale


def test_a_withheld_original_withholds_its_translation(tmp_path: Path) -> None:
    project = spanish_project(tmp_path / "p")
    settings = Settings(content_dir=project.content, languages=("en", "es"))
    policy = settings.policy({"RADSITE_NOW": "2026-11-28T12:00"})
    from radsite.visibility import decide

    loaded = load(project.content, shown_as="content")
    decision = decide(loaded.content, policy)
    spanish = decide_language("es", load_translations(project.content, loaded, ("en", "es"), "content"), decision, policy)
    slugs = {p.slug for p in spanish.items}
    assert "ct-head" in slugs and "not-ready" not in slugs and "can-someone-come-with-me" not in slugs
    reasons = {w.path: w.reason for w in spanish.withheld}
    assert reasons["content/faq/not-ready.es.md"] == "its original is withheld"
    assert reasons["content/faq/can-someone-come-with-me.es.md"] == "draft"
    assert any(SECRET in value for w in spanish.withheld for value in w.values)
    assert spanish.get("people", "daniel-reyes") is not None  # look-ups fall back to the default language


def test_every_phrase_the_templates_translate_has_a_spanish_entry() -> None:
    """`t("...")` in any template: the phrase is in locales/es.yml (missing ones would show in English)."""
    phrases: set[str] = set()
    for template in (ROOT / "theme").rglob("*.html"):
        text = template.read_text(encoding="utf-8")  # RadSite's t(), not Material's lang.t (its own keys)
        phrases |= set(re.findall(r"""(?<![.\w])t\(\s*"([^"]+)"\s*[,)]""", text))
        phrases |= set(re.findall(r"""(?<![.\w])t\(\s*'([^']+)'\s*[,)]""", text))
    es = catalogue("es")
    assert phrases, "no t() phrase found: the scan is broken"
    assert sorted(p for p in phrases if p not in es) == []
    assert yaml.safe_load((ROOT / "plugins/radsite/locales/es.yml").read_text(encoding="utf-8"))


# --- the built site -------------------------------------------------------------------------


def test_spanish_pages_declare_their_language_and_pair_both_ways(spanish: tuple[Project, str]) -> None:
    project, _ = spanish
    for url, english in [("es/exams/ct-head", "exams/ct-head"), ("es/about", "about"), ("es", "")]:
        page, pair = doc(project, url), doc(project, english)
        assert page.get("lang") == "es" and pair.get("lang") == "en"
        for side in (page, pair):
            links = {link.get("hreflang"): link.get("href") for link in side.xpath('//link[@rel="alternate"][@hreflang]')}
            assert links == {"en": f"{SITE}{english}/".replace(".example//", ".example/"),
                             "es": f"{SITE}{url}/", "x-default": links["en"]}, (url, links)  # fmt: skip
        switch = page.xpath('//ul[contains(@class, "rs-lang")]//a')
        assert [(a.get("hreflang"), a.text) for a in switch] == [("en", "English")]
        back = pair.xpath('//ul[contains(@class, "rs-lang")]//a')
        assert [(a.get("hreflang"), a.text) for a in back] == [("es", "Español")]


def test_an_untranslated_page_has_no_alternate_and_is_left_out_of_spanish_listings(spanish: tuple[Project, str]) -> None:
    project, _ = spanish
    english = doc(project, "exams/mri-knee")
    assert not english.xpath("//link[@hreflang]") and not english.xpath('//ul[contains(@class, "rs-lang")]')
    listing = doc(project, "es/exams")
    assert listing.get("lang") == "es"
    hrefs = [a.get("href") for a in listing.xpath("//ul[@data-rs-list]//a")]
    assert hrefs == ["ct-head/"], hrefs
    assert not (project.site / "es/exams/mri-knee").exists()
    assert not (project.site / "es/cases").exists()  # nothing translated: no Spanish listing


def test_radsite_and_material_words_are_spanish_on_spanish_pages(spanish: tuple[Project, str]) -> None:
    """No English phrase of the catalogue in the visible text of a Spanish page (content aside)."""
    project, _ = spanish
    english = [p for p, es in catalogue("es").items() if p != es and " " in p and "{" not in p]
    for url in ("es/exams/ct-head", "es/faq/ct-or-mri", "es/about", "es/exams", "es/search", "es"):
        text = visible_text(doc(project, url))
        assert [p for p in english if p in text] == [], url
    exam = visible_text(doc(project, "es/exams/ct-head"))
    assert "Antes de venir" in exam and "Parte del cuerpo" in exam and "Tipo de examen" in exam
    assert "más o menos lo mismo que 8 meses de radiación natural del ambiente" in exam
    assert "el 6 de octubre de 2026" in exam  # the review line's date, in Spanish
    assert "Saltar a contenido" in project.page("es/exams/ct-head")  # Material's skip link, from partials/languages/es.html
    assert "Skip to content" in project.page("exams/ct-head")


def test_a_stale_translation_warns_editors_and_tells_readers(spanish: tuple[Project, str]) -> None:
    project, output = spanish
    assert "content/faq/ct-or-mri.es.md" in output and "2025-01-10" in output
    note = doc(project, "es/faq/ct-or-mri").xpath('//p[@role="note"][contains(., "traducción")]')
    assert note and note[0].xpath('.//a[@hreflang="en"]')[0].get("href").endswith("faq/ct-or-mri/")
    assert not doc(project, "es/exams/ct-head").xpath('//p[@role="note"][contains(., "traducción")]')


def test_spanish_glossary_terms_are_marked_on_spanish_pages_only(spanish: tuple[Project, str]) -> None:
    project, _ = spanish
    spanish_page = project.page("es/exams/ct-head")
    assert re.search(r'<button type="button" class="rs-term"[^>]*>hematoma</button>', spanish_page)
    assert "Palabra del glosario" in spanish_page and "Glossary word" not in spanish_page
    english_terms = [t["term"] for t in yaml.safe_load((ROOT / "content/glossary.yml").read_text(encoding="utf-8"))]
    marked = re.findall(r'class="rs-term"[^>]*>([^<]+)</button>', spanish_page)
    assert marked == ["hematoma"] and not set(marked) & set(english_terms)


def test_spanish_feeds_parse_and_say_es(spanish: tuple[Project, str]) -> None:
    project, _ = spanish
    for name in ("all", "exams", "faq"):
        for ext in ("xml", "atom"):
            feed = feedparser.parse((project.site / f"es/feeds/{name}.{ext}").read_bytes())
            assert not feed.bozo, (name, ext, feed.bozo_exception)
            assert feed.feed.get("language", "es") == "es"
            assert all(entry.link.startswith(f"{SITE}es/") for entry in feed.entries)
    rss = (project.site / "es/feeds/all.xml").read_text(encoding="utf-8")
    assert "<language>es</language>" in rss and f"{SITE}es/feeds/all.xml" in rss
    spanish_all = feedparser.parse(rss)
    assert {e.link for e in spanish_all.entries} == {f"{SITE}es/exams/ct-head/", f"{SITE}es/faq/ct-or-mri/"}
    english = feedparser.parse((project.site / "feeds/all.xml").read_bytes())
    assert english.feed.language == "en" and not any("/es/" in e.link for e in english.entries)
    assert not {e.id for e in english.entries} & {e.id for e in spanish_all.entries}  # posted apart


def test_pagefind_indexes_spanish_apart_and_the_spanish_search_page_is_spanish(spanish: tuple[Project, str]) -> None:
    project, _ = spanish
    entry = json.loads((project.site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"en", "es"}
    assert entry["languages"]["es"]["page_count"] >= 3  # the exam, the FAQ, the about page
    search = doc(project, "es/search")
    assert search.get("lang") == "es" and search.xpath('//button[@type="submit"]')[0].text == "Buscar"


def test_no_withheld_translation_reaches_any_file(spanish: tuple[Project, str]) -> None:
    """Plain search of every output file, gzip-decoded Pagefind chunks too (as the privacy tests do)."""
    project, _ = spanish
    leaks = found_in(project.site, [SECRET, OWN_DRAFT, "Una pregunta que no está lista"])
    assert leaks == {SECRET: [], OWN_DRAFT: [], "Una pregunta que no está lista": []}
    assert not (project.site / "es/faq/not-ready").exists()
    assert not (project.site / "es/faq/can-someone-come-with-me").exists()


def test_the_sitemap_lists_both_languages(spanish: tuple[Project, str]) -> None:
    project, _ = spanish
    sitemap = (project.site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE}es/exams/ct-head/</loc>" in sitemap and f"<loc>{SITE}exams/ct-head/</loc>" in sitemap


# --- errors an editor gets ------------------------------------------------------------------


def test_a_translation_without_an_original_is_an_error_naming_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.write("faq/no-such-question.es.md", "---\ntitle: Sin original\n---\n\nTexto.\n")
    run = project.check()
    assert run.returncode != 0
    assert "content/faq/no-such-question.es.md:1" in run.output and "faq/no-such-question.md, which does not exist" in run.output
    assert "Traceback" not in run.output


def test_a_translation_into_an_undeclared_language_is_an_error(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    project.write("about.fr.md", "---\ntitle: À propos\n---\n\nTexte.\n")
    run = project.check()
    assert run.returncode != 0
    assert "content/about.fr.md:1" in run.output and "languages: [en, es, fr]" in run.output, run.output
    assert "Traceback" not in run.output


def test_a_site_without_languages_is_unchanged(tmp_path: Path) -> None:
    """`languages` absent means [en]: no /es/ folder, no hreflang, no switcher."""
    project = make_project(tmp_path / "p")
    for own in [*project.content.rglob("*.es.md"), *project.content.glob("glossary.es.yml")]:
        own.unlink()  # a translation needs its language declared
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    lines = [line for line in config.splitlines() if not line.strip().startswith("languages:")]
    (project.root / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = project.build()
    assert run.returncode == 0, run.output
    assert not (project.site / "es").exists()
    page = project.page("exams/ct-head")
    assert "hreflang" not in page and "rs-lang" not in page and html.unescape(page).count('lang="en"') >= 1


# --- accessibility and HTML validity of the Spanish pages -----------------------------------


@pytest.mark.browser
def test_spanish_pages_have_no_axe_violations(browser, spanish: tuple[Project, str]) -> None:
    from browser import serve
    from test_accessibility import AXE, NPM_HINT

    assert AXE.exists(), f"axe-core is not installed: {NPM_HINT}"
    project, _ = spanish
    failures: dict[str, list] = {}
    with serve(project.site) as url:
        for path in ("es/", "es/exams/", "es/exams/ct-head/", "es/faq/ct-or-mri/", "es/about/", "es/search/"):
            for width in (390, 1280):
                page = browser.new_page(bypass_csp=True, viewport={"width": width, "height": 900})
                page.goto(url + path, wait_until="networkidle")
                page.add_script_tag(path=str(AXE))
                result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
                found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
                if found:
                    failures[f"{path} at {width}px"] = found
                page.close()
    assert failures == {}, json.dumps(failures, indent=1)


def test_spanish_pages_are_valid_html(spanish: tuple[Project, str]) -> None:
    import shutil
    import subprocess

    from test_accessibility import NPM_HINT, VNU

    assert VNU.exists(), f"vnu-jar is not installed: {NPM_HINT}"
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker (.ci/run installs default-jre-headless)"
    project, _ = spanish
    proc = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(project.site / "es")],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    messages = json.loads(proc.stderr or '{"messages": []}')["messages"]
    assert [f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages] == []
    assert len(list((project.site / "es").rglob("*.html"))) >= 6


def test_a_translation_links_to_the_translation_or_else_to_the_original(built_example: Project) -> None:
    """The example's Spanish pages link as their originals do: to the Spanish page where there is one
    (ct-or-mri), otherwise to the English original, never to a page that does not exist."""
    import posixpath

    def targets(url: str) -> set[str]:
        page = doc(built_example, url)
        hrefs = {a.get("href", "") for a in page.iter("a")}
        return {posixpath.normpath(posixpath.join(url, h)) + "/" for h in hrefs if h.startswith("..") and h.endswith("/")}

    assert "es/faq/ct-or-mri/" in targets("es/exams/ct-head/")
    assert "faq/x-ray-during-pregnancy/" in targets("es/exams/chest-x-ray/")
    for url in ("es/exams/ct-head/", "es/exams/chest-x-ray/", "es/faq/ct-or-mri/"):
        for target in targets(url):
            assert (built_example.site / target / "index.html").is_file(), (url, target)
