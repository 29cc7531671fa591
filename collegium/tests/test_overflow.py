"""Every page fits: at 1280 px and at 390 px (a phone), as each demo account and anonymously.

A real Chromium crawls the live demo site (``collegium.testing.browser``) with
the long records added (``collegium.testing.long_records``): every page
reachable from the navigation and from the pages' own links, a few samples
per URL pattern.  Each page is measured at both widths:

* the page itself never scrolls sideways;
* at 1280 px every table fits its container (every column visible without
  scrolling) and nothing in the page overflows or is clipped by its box (a
  badge out of its card, the navigation's items out of the header);
* at 390 px a table (or a chart, whose labels must stay readable) may scroll inside
  its own wrapper; nothing else overflows.

All offenders are reported together: URL, account, width and selector.
"""

import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve

from collegium.accounts.demo import DEMO_ADMIN, DEMO_USERS
from collegium.testing.browser import sign_in

pytestmark = pytest.mark.browser

ROLES: list[str | None] = [None, *(username for username, _org, _name in DEMO_USERS), DEMO_ADMIN]
WIDTHS = (1280, 390)
HEIGHT = 900
# How many pages of one URL pattern are opened (/x/<slug>/ collapses to a few samples);
# with a query string, one more.  The long records' pages are opened besides.
SAMPLES_PER_PATTERN = 2
SAMPLES_WITH_QUERY = 1
MAX_PAGES_PER_ROLE = 80
# Downloads, feeds, the API, the admin, signing out and switching language: not pages.
SKIPPED = re.compile(
    r"^/(api/|admin/|static/|media/|i18n/|jsi18n/|accounts/logout/|healthz|favicon)"
    r"|\.(ics|csv|svg|pdf|docx|json|xml|txt|zip)$"
    r"|/(feed|letter|letters|download|export)s?/"
)

# The measurements, in the page: a list of {selector, problem} for the width given.
MEASURE = r"""
(phone) => {
  const found = [];
  const tolerance = 1;
  const viewport = document.documentElement.clientWidth;
  const name = (el) => {
    let part = el.tagName.toLowerCase();
    if (el.id) return part + '#' + el.id;
    const classes = [...el.classList].slice(0, 2);
    if (classes.length) part += '.' + classes.join('.');
    return part;
  };
  const selector = (el) => {
    const parts = [];
    for (let node = el; node && node !== document.body && parts.length < 5; node = node.parentElement) {
      parts.unshift(name(node));
      if (node.id) break;
    }
    return parts.join(' > ');
  };
  const shown = (el) => {
    const style = getComputedStyle(el);
    return style.display !== 'none' && style.visibility !== 'hidden' && el.getClientRects().length > 0;
  };
  const report = (el, problem) => found.push({selector: selector(el), problem});
  const isTableWrapper = (el) =>
    el.matches('.table-wrap') || (el.children.length === 1 && ['TABLE', 'svg'].includes(el.firstElementChild.tagName));

  // (a) The page scrolls sideways: name the elements that stick out of the viewport.
  const scroll = document.documentElement.scrollWidth;
  if (scroll > viewport + tolerance) {
    const out = [...document.body.querySelectorAll('*')].filter(
      (el) => shown(el) && el.getBoundingClientRect().right > viewport + tolerance
    );
    const innermost = out.filter((el) => !out.some((other) => other !== el && el.contains(other)));
    const named = innermost.slice(0, 3).map(selector).join('; ') || 'body';
    found.push({selector: named, problem: `page scrolls sideways: ${scroll}px in ${viewport}px`});
  }

  // (b, c) Boxes whose content does not fit: spilling out (overflow visible) or clipped/scrolled.
  const overflowing = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!shown(el) || el.matches('input, select, textarea, option, svg *, .visually-hidden, .skip-link')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'inline' || style.display === 'contents') continue;
    if (el.closest('.visually-hidden')) continue;
    const excess = el.scrollWidth - el.clientWidth;
    if (excess <= tolerance) continue;
    const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
    if (scrolls && phone && isTableWrapper(el)) continue;  // a table scrolls in its card on a phone
    overflowing.push([el, scrolls ? `scrolls sideways by ${excess}px` :
      style.overflowX === 'visible' ? `content spills out by ${excess}px` : `content clipped by ${excess}px`]);
  }
  const boxes = overflowing.map(([el]) => el);
  for (const [el, problem] of overflowing) {
    // Name the innermost box only: its ancestors overflow because of it.
    if (boxes.some((other) => other !== el && el.contains(other) &&
        !getComputedStyle(other).overflowX.match(/auto|scroll|hidden/))) continue;
    report(el, problem);
  }

  // Tables wider than their container (at 1280 every column is visible without scrolling).
  for (const table of document.querySelectorAll('main table')) {
    if (!shown(table)) continue;
    const box = table.parentElement;
    const wrapped = isTableWrapper(box) && getComputedStyle(box).overflowX.match(/auto|scroll/);
    if (table.offsetWidth > box.clientWidth + tolerance && !(phone && wrapped)) {
      report(table, `table ${table.offsetWidth}px wide in ${box.clientWidth}px`);
    }
  }

  // The navigation's items lie within the header, none under another (the API button).
  const areas = document.querySelector('nav.areas');
  if (areas) {
    const frame = areas.getBoundingClientRect();
    const api = areas.querySelector('.areas__api');
    const apiBox = api && shown(api) ? api.getBoundingClientRect() : null;
    for (const item of areas.querySelectorAll('li, .areas__api')) {
      if (!shown(item)) continue;
      const box = item.getBoundingClientRect();
      if (box.left < frame.left - tolerance || box.right > Math.min(frame.right, viewport) + tolerance) {
        report(item, `navigation item "${item.textContent.trim()}" outside the header`);
      } else if (apiBox && item !== api && box.right > apiBox.left + tolerance &&
                 box.left < apiBox.right - tolerance && box.bottom > apiBox.top + tolerance &&
                 box.top < apiBox.bottom - tolerance) {
        report(item, `navigation item "${item.textContent.trim()}" under the API button`);
      }
    }
  }
  return found;
}
"""


def _pattern(path: str) -> str:
    """Return the URL pattern of ``path`` (its route), or the path when nothing resolves it."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return f"{match.namespace}:{match.url_name}" if match.url_name else match.route


def _links(page, server: str) -> list[str]:
    """Return the page's same-origin GET links (path and query), in document order."""
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "links => links.map(link => link.href)"
    )
    origin = urlsplit(server).netloc
    links = []
    for href in hrefs:
        url, _fragment = urldefrag(href)
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or parts.netloc != origin:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not SKIPPED.search(parts.path):
            links.append(path)
    return links


def _crawl(page, server: str, role: str | None, seeds: list[str]) -> tuple[list[str], list[str]]:
    """Open the role's pages; return the offenders and the paths visited."""
    offenders: list[str] = []
    visited: list[str] = []
    seen: set[str] = set()
    samples: Counter[str] = Counter()
    queue: deque[tuple[str, bool]] = deque([(path, True) for path in seeds])
    queue.append(("/", True))
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        path, forced = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        key = _pattern(urlsplit(path).path) + ("?" if "?" in path else "")
        if not forced:
            limit = SAMPLES_WITH_QUERY if "?" in path else SAMPLES_PER_PATTERN
            if samples[key] >= limit:
                continue
        samples[key] += 1
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        try:
            response = page.goto(f"{server}{path}", wait_until="load")
        except Exception as error:  # a download ("Download is starting") is not a page
            if "Download" in str(error):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited.append(path)
        landed = urlsplit(page.url)
        where = landed.path + (f"?{landed.query}" if landed.query else "")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            for problem in page.evaluate(MEASURE, width < 600):
                offenders.append(
                    f"{where} as {role or 'anonymous'} at {width}px: "
                    f"{problem['selector']}: {problem['problem']}"
                )
        queue.extend((link, False) for link in _links(page, server) if link not in seen)
    return offenders, visited


def test_every_page_fits_at_1280_and_390_px_for_every_role(page, server, long_records):
    """No page scrolls sideways, no table hides a column, nothing spills out of its box."""
    offenders: dict[str, None] = {}  # in order, each once
    visited: dict[str, int] = {}
    for role in ROLES:
        sign_in(page, server, role)
        found, paths = _crawl(page, server, role, long_records)
        offenders.update(dict.fromkeys(found))
        visited[role or "anonymous"] = len(paths)
    # The crawl reached the site's areas for everyone (a broken crawl finds no overflow).
    assert all(count >= 15 for count in visited.values()), visited
    assert not offenders, f"{len(offenders)} overflowing elements:\n" + "\n".join(offenders)
