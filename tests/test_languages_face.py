"""Languages (issue 21), what a Spanish reader meets: the one 404 page, the Spanish glossary page and
the Spanish search page's result labels, read from the example built for real (and, for search, in
Chromium)."""

from __future__ import annotations

import json
import shutil
import subprocess

import lxml.html
import yaml

from conftest import ROOT, Project
from radsite.content.collection import type_label
from radsite.content.registry import COLLECTIONS
from radsite.locales import catalogue

ES = catalogue("es")


def _doc(project: Project, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((project.site / path).read_text(encoding="utf-8"))


def _english_left(text: str) -> list[str]:
    """RadSite phrases of the catalogue that appear in English in `text` (those whose Spanish differs)."""
    return [en for en, es in ES.items() if en != es and len(en) > 6 and en in text]


def test_the_404_page_speaks_every_language_english_first(built_example: Project) -> None:
    doc = _doc(built_example, "404.html")
    assert doc.get("lang") == "en"
    blocks = doc.xpath('//section[contains(@class, "rs-not-found")]')
    assert [b.get("lang") for b in blocks] == ["en", "es"]
    english, spanish = blocks
    assert english.xpath("string(h1)") == "Page not found" and len(doc.xpath("//h1")) == 1
    assert spanish.xpath("string(h2)") == ES["Page not found"]
    text = spanish.text_content()
    assert ES["This page does not exist, or it has moved."] in text
    assert _english_left(text) == []
    assert [a.get("href") for a in spanish.xpath(".//a")] == ["/es/", "/es/search/"]
    assert [a.get("href") for a in english.xpath(".//a")] == ["https://radiology.northbrook-health.example/", "/search/"]
    for href in ("es/index.html", "es/search/index.html", "search/index.html"):
        assert (built_example.site / href).exists()


def test_the_spanish_glossary_page_lists_every_spanish_term(built_example: Project) -> None:
    terms = yaml.safe_load((ROOT / "content" / "glossary.es.yml").read_text(encoding="utf-8"))
    doc = _doc(built_example, "es/glossary/index.html")
    assert doc.get("lang") == "es"
    assert doc.xpath("string(//article//h1)").strip() == ES["Words in your report"]
    listed = [dt.text.strip() for dt in doc.xpath('//dl[@class="rs-glossary"]/dt')]
    assert sorted(listed) == sorted(t["term"] for t in terms) and len(listed) >= 30
    article = doc.xpath("//article")[0].text_content()
    assert _english_left(article) == []
    letters = [a.text for a in doc.xpath('//nav[@class="rs-az"]//a')]
    assert letters == sorted(set(letters)) and "Á" not in letters  # accents filed under their letter
    for a in doc.xpath("//dd/a"):  # each "Lea:" link reaches a page (the Spanish one, else the original)
        target = (built_example.site / "es" / "glossary" / a.get("href")).resolve() / "index.html"
        assert target.exists(), a.get("href")
    site = "https://radiology.northbrook-health.example/"
    hreflang = {link.get("hreflang"): link.get("href") for link in doc.xpath('//link[@rel="alternate"][@hreflang]')}
    assert hreflang == {"en": site + "glossary/", "es": site + "es/glossary/", "x-default": site + "glossary/"}
    english = _doc(built_example, "glossary/index.html")
    assert {link.get("hreflang"): link.get("href") for link in english.xpath('//link[@rel="alternate"][@hreflang]')} == hreflang


def test_spanish_pages_link_to_the_spanish_glossary(built_example: Project) -> None:
    home = _doc(built_example, "es/index.html")
    assert "glossary/" in [a.get("href") for a in home.xpath('//a[@class="rs-task"]')]  # /es/ + glossary/
    faq = _doc(built_example, "es/faq/nodule-in-my-report/index.html")
    assert "../../glossary/" in [a.get("href") for a in faq.xpath("//article//a")]  # /es/faq/x/ -> /es/glossary/
    english_faq = _doc(built_example, "faq/nodule-in-my-report/index.html")
    assert "../../glossary/" in [a.get("href") for a in english_faq.xpath("//article//a")]  # /faq/x/ -> /glossary/


def test_the_spanish_search_page_has_the_words_of_every_result_type(built_example: Project) -> None:
    doc = _doc(built_example, "es/search/index.html")
    words = json.loads(doc.xpath('string(//script[@id="rs-search-types"])'))
    keys = {type_label(spec) for spec in COLLECTIONS.values()} | {"Information"}
    assert keys <= set(words)
    assert all(words[key] == ES[key] != key for key in keys)
    # The index's key is the same in both languages: the weights in search.js work for Spanish pages.
    used = {m.split(":", 1)[1] for m in doc.xpath("//@data-pagefind-meta")}
    spanish_item = _doc(built_example, "es/exams/ct-head/index.html").xpath("//@data-pagefind-meta")
    assert used | {m.split(":", 1)[1] for m in spanish_item} <= set(words)
    assert _doc(built_example, "search/index.html").xpath('//script[@id="rs-search-types"]') == []


def test_the_404_and_the_spanish_glossary_are_valid_html(built_example: Project) -> None:
    from test_accessibility import NPM_HINT, VNU

    assert VNU.exists(), f"vnu-jar is not installed: {NPM_HINT}"
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker (.ci/run installs default-jre-headless)"
    files = [str(built_example.site / "404.html"), str(built_example.site / "es" / "glossary" / "index.html")]
    proc = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    messages = json.loads(proc.stderr or '{"messages": []}')["messages"]
    assert [f"{m.get('url', '').rsplit('/', 2)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages] == []


def test_a_spanish_query_shows_spanish_types_and_spanish_pages(browser, example_url: str) -> None:
    page = browser.new_page()
    page.goto(example_url + "es/search/?q=tomograf%C3%ADa")
    page.get_by_role("status").filter(has_text="resultado").wait_for()
    results = page.locator("#rs-search-results li")
    assert results.count() > 0
    types = results.locator(".rs-search__type").all_text_contents()
    assert types and set(types) <= set(ES.values()), types
    assert ES["Exam guide"] in types
    hrefs = [href or "" for href in results.locator("a").evaluate_all("links => links.map(a => a.pathname)")]
    assert hrefs and all(h.startswith("/es/") for h in hrefs), hrefs
    page.close()


COLLECTION_TRANSLATIONS = {
    "people/daniel-reyes.es.md": "title: Dr. Daniel Reyes\nsummary: Radiólogo del departamento.\n",
    "jobs/ct-technologist.es.md": "title: Técnico de TAC, media jornada\nsummary: Un puesto de técnico de TAC.\n"
    "how_to_apply: Solicite el puesto en el portal de empleo.\n",
    "events/grand-rounds.es.md": "title: Sesiones generales de radiología\nsummary: Nuestra sesión semanal.\n",
    "trials/fast-stroke-mri.es.md": "title: Una resonancia más rápida para el ictus\n"
    "summary: Este estudio comparó una resonancia de 10 minutos con la normal.\n",
    "cases/breathless-after-surgery-ct.es.md": "title: Falta de aire después de una cirugía\n"
    "summary: Una angiografía por TAC. ¿Qué ve?\nhistory: Falta de aire una semana después de una cirugía.\n",
}


def test_translated_profiles_jobs_events_trials_and_cases_read_in_spanish(project: Project) -> None:
    """A future translation of these collections: RadSite's words on its page are Spanish."""
    for path, front in COLLECTION_TRANSLATIONS.items():
        marker = "\n<!-- answer -->\n" if path.startswith("cases/") else ""  # its original's reveal_at is its own
        project.write(path, f"---\n{front}---\n\nUn texto breve en español.\n{marker}")
    run = project.build()
    assert run.returncode == 0, run.output
    english = [p for p, es in ES.items() if p != es and " " in p and "{" not in p]
    expected = {
        "people/daniel-reyes": ES["Download contact card (vCard)"],
        "jobs/ct-technologist": ES["Apply by"],
        "events/grand-rounds": ES["Add to calendar (.ics)"],
        "trials/fast-stroke-mri": ES["Who can take part"],
        "cases/breathless-after-surgery-ct": ES["Check my answer"],
    }
    for url, phrase in expected.items():
        page = lxml.html.fromstring(project.page(f"es/{url}"))
        for element in page.xpath("//script|//style|//template|//*[@hidden]"):
            element.drop_tree()
        article = " ".join(page.xpath("//article")[0].text_content().split())
        assert phrase in article, url
        assert [p for p in english if p in article] == [], url
        english_page = " ".join(lxml.html.fromstring(project.page(url)).xpath("//article")[0].text_content().split())
        assert [p for p, es in ES.items() if es in english_page and es != p and " " in es] == [], url
    job = " ".join(lxml.html.fromstring(project.page("es/jobs/ct-technologist")).text_content().split())
    assert "USD 38 a 46 por hora" in job
    event = " ".join(lxml.html.fromstring(project.page("es/events/grand-rounds")).text_content().split())
    assert "y luego cada semana hasta el 30 de junio de 2027" in event
    trial = " ".join(lxml.html.fromstring(project.page("es/trials/fast-stroke-mri")).text_content().split())
    assert ES["Completed"] in trial and ES["Not applicable (no drug phase)"] in trial
    case = " ".join(lxml.html.fromstring(project.page("es/cases/breathless-after-surgery-ct")).text_content().split())
    assert ES["Intermediate"] in case and ES["Certain"] in case


def test_the_spanish_quiz_answers_in_spanish(browser, project: Project) -> None:
    from browser import serve

    case = "cases/breathless-after-surgery-ct"
    front = COLLECTION_TRANSLATIONS[case + ".es.md"]
    project.write(f"{case}.es.md", f"---\n{front}---\n\nMire las arterias.\n\n<!-- answer -->\n")
    run = project.build()
    assert run.returncode == 0, run.output
    with serve(project.site) as url:
        page = browser.new_page()
        page.goto(url + f"es/{case}/")
        page.locator("form[data-rs-quiz] button[type=submit]").click()
        feedback = page.locator(".rs-quiz__feedback")
        assert feedback.text_content() == ES["Choose an answer first."]
        page.get_by_label("Pulmonary artery sarcoma").check()  # the choices are the original's
        page.locator("form[data-rs-quiz] button[type=submit]").click()
        page.locator(".rs-quiz__feedback.is-wrong").wait_for()
        text = feedback.text_content() or ""
        assert text.startswith("No exactamente. Eligió «Pulmonary artery sarcoma»; la respuesta correcta es «Acute"), text
        page.locator("a[data-rs-zoom]").first.click()  # the zoom dialog's words, in Spanish too
        dialog = page.get_by_role("dialog", name=ES["Enlarged image"])
        dialog.wait_for()
        assert dialog.get_by_role("button", name=ES["Close"]).is_visible()
        assert dialog.get_by_role("button", name=ES["Zoom in"]).is_visible()
        assert ES["Keys: + and − zoom, 0 fits, arrow keys move, Page Up and Page Down step, Escape closes."] in (
            dialog.text_content() or ""
        )
        page.close()
