"""Raw HTML's relative URLs reach the file beside the page, as Markdown's links do (publish.raw_urls)."""

from __future__ import annotations

import posixpath

import lxml.html

from conftest import Project
from radsite.publish.raw_urls import Published, page_relative

PUBLISHED = {"news/media/talk.mp4", "news/images/poster one.png", "news/mri-video/beside.png", "images/logo.png"}


def fix(html: str) -> str:
    return page_relative(html, "news/mri-video.md", "news/mri-video/index.html", Published.of(PUBLISHED))


def test_a_raw_url_relative_to_the_source_is_written_for_the_page() -> None:
    assert fix('<video controls src="media/talk.mp4"></video>') == '<video controls src="../media/talk.mp4"></video>'
    assert 'poster="../images/poster%20one.png"' in fix('<video poster="images/poster one.png" src="media/talk.mp4"></video>')
    assert 'srcset="../images/poster%20one.png 2x, https://x.example/a.png 3x"' in fix(
        '<img alt="" srcset="images/poster%20one.png 2x, https://x.example/a.png 3x">')
    assert "#t=5" in fix('<a href="media/talk.mp4#t=5">from 5 s</a>')


def test_what_already_works_or_means_no_published_file_stays_byte_for_byte() -> None:
    for html in ('<img alt="" src="../images/poster%20one.png">',  # MkDocs wrote it for the page
                 '<img alt="" src=beside.png>',  # the editor wrote it for the page
                 '<img alt="" src="/images/logo.png">', '<a href="https://example.org/media/talk.mp4">x</a>',
                 '<a href="mailto:a@b.example">x</a>', '<img alt="" src="media/missing.png">',
                 '<a href="../../../etc/passwd">x</a>', "<p>no URL at all</p>",
                 'text <br /> <img alt="" src="x.png">'):  # fmt: skip
        assert fix(html) == html


def test_the_rest_of_the_page_survives_the_rewrite() -> None:
    html = 'Lead text &amp; more <p>A <b>bold</b> word</p><!-- answer --><video src="media/talk.mp4"></video> tail'
    fixed = fix(html)
    assert fixed.startswith("Lead text &amp; more <p>A <b>bold</b> word</p><!-- answer -->")
    assert fixed.endswith('<video src="../media/talk.mp4"></video> tail')


def test_in_a_real_build_every_raw_url_reaches_its_file(project: Project) -> None:
    png = (project.content / "news").glob("**/*.png")
    image = next(iter(sorted(png)), None) or next(iter(sorted(project.content.glob("**/*.png"))))
    project.write("news/files/scan.png", image.read_bytes())
    project.write("news/raw-html.md", "---\ntitle: Raw HTML\nsummary: Pictures written in HTML.\ndate: 2026-11-20\n---\n"
                  '<figure><img alt="A scan" src="files/scan.png"><figcaption>A scan</figcaption></figure>\n\n'
                  '<a href="files/scan.png">The scan, full size</a>\n\n![The same](files/scan.png)\n')  # fmt: skip
    run = project.build()
    assert run.returncode == 0, run.output[-3000:]
    page = project.site / "news" / "raw-html" / "index.html"
    root = lxml.html.fromstring(page.read_bytes())
    found = [value for element in root.iter() for name in ("src", "href")
             if isinstance(value := element.get(name), str) and "scan.png" in value]  # fmt: skip
    assert len(found) == 3, found
    for value in found:
        assert (page.parent / value).resolve() == (project.site / "news" / "files" / "scan.png").resolve(), value
        assert posixpath.normpath(posixpath.join("news/raw-html", value)) == "news/files/scan.png"
