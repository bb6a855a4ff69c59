"""PDF rendering with WeasyPrint from an autoescaped Django template.

The URL fetcher serves only files under our static directories: no network, no redirects, and
`file://` outside static is refused, so user-supplied text in a template can never pull in anything else.
Cyrillic comes from the DejaVu fonts in `static/fonts/`, declared with @font-face.

WeasyPrint is imported only here, when a PDF is built: without its system libraries (Pango) the portal still
runs and only PDF export says, in Russian, what to install.
"""

import functools
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

# WeasyPrint reports every layout step at INFO; that is noise in our logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

UNAVAILABLE = (
    "Формирование PDF недоступно: на сервере не установлены системные библиотеки WeasyPrint (Pango). "
    "Администратору: выполните «make setup» от root или "
    "«apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core». Выгрузки в Excel работают."
)


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries are missing: PDF export cannot work on this server."""


def weasyprint():
    """The weasyprint module, imported on first use; PdfUnavailable (with a Russian message) if it cannot load."""
    try:
        import weasyprint as module  # OSError: Pango missing (cffi cannot open the library)
        import weasyprint.text.fonts
        import weasyprint.urls
    except (ImportError, OSError) as exc:
        logging.getLogger(__name__).error("WeasyPrint cannot be loaded: %s", exc)
        raise PdfUnavailable(UNAVAILABLE) from exc
    return module


def static_dirs() -> list[Path]:
    dirs = [Path(d).resolve() for d in getattr(settings, "STATICFILES_DIRS", [])]
    if getattr(settings, "STATIC_ROOT", None):
        dirs.append(Path(settings.STATIC_ROOT).resolve())
    return dirs


def _font_dir() -> Path:
    for directory in static_dirs():
        if (directory / "fonts" / "DejaVuSans.ttf").exists():
            return directory / "fonts"
    return Path(settings.BASE_DIR, "static", "fonts").resolve()


@functools.cache
def _static_only_fetcher_class():
    urls = weasyprint().urls

    class StaticOnlyFetcher(urls.URLFetcher):
        """Fetches `file:` URLs inside the static directories and refuses everything else."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=False)

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"Запрещённый адрес ресурса в PDF: {url[:100]}")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(base) for base in static_dirs()) or not path.is_file():
                raise ValueError(f"Ресурс вне статических файлов: {url[:100]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return urls.URLFetcherResponse(
                path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticOnlyFetcher


@functools.cache
def _fetcher():
    """One fetcher per process: building one creates an SSL context (tens of ms), and ours keeps no state."""
    return _static_only_fetcher_class()()


def __getattr__(name: str):
    # `pdf.StaticOnlyFetcher` is built on WeasyPrint's URLFetcher, so it exists only once WeasyPrint loads.
    if name == "StaticOnlyFetcher":
        return _static_only_fetcher_class()
    raise AttributeError(name)


def _font_css() -> str:
    fonts = _font_dir()
    regular = (fonts / "DejaVuSans.ttf").as_uri()
    bold = (fonts / "DejaVuSans-Bold.ttf").as_uri()
    face = "@font-face {{ font-family: 'DejaVu Sans'; src: url('{}'); font-weight: {}; }}\n"
    return (
        face.format(regular, "normal")
        + face.format(bold, "bold")
        + "html { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; }\n"
        + "@page { size: A4; margin: 15mm 12mm; }\n"
    )


def render_pdf(template_name: str, context: dict) -> bytes:
    """Renders a Django template (autoescaped) to PDF bytes."""
    wp = weasyprint()
    html = render_to_string(template_name, context)
    fetcher = _fetcher()
    font_config = wp.text.fonts.FontConfiguration()
    base_url = (static_dirs() or [Path(settings.BASE_DIR, "static").resolve()])[0].as_uri() + "/"
    stylesheet = wp.CSS(string=_font_css(), font_config=font_config, url_fetcher=fetcher)
    document = wp.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)
