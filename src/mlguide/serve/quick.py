"""The save `serve` sees most: the text of a post changed, and nothing the site knows of it
(every field of its metadata is as it was). Then the prepared site stays as it is (the index,
the templates, the cards, the keys of the other pages) and only that post is read again and
its page rendered again.

Preparing the whole site again after each save (reading every post's front matter, ranking
related posts, checking every card, keying every page) took 1 to 2 seconds at 1,000 pages:
most of `serve`'s save-to-page time, for an answer known in advance. Which pages a post's
text shapes is the page store's rule (`site.pagecache`): a page's key names the other posts
by their metadata only, so with the metadata unchanged no other page changes. Anything else
(a new, removed or renamed post, a draft, a changed title or date, a template, the config, a
picture) goes the long way, `prepare` again, exactly as `build` would.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from mlguide.errors import MlguideError
from mlguide.site.content.index import place, with_old_urls
from mlguide.site.content.readers.oldsite import old_addresses
from mlguide.site.content.scanstore import KIND as SOURCES
from mlguide.site.content.sources import scan_posts
from mlguide.site.pagecache import KIND as PAGE
from mlguide.site.pagecache import page_key
from mlguide.site.pipeline import Prepared, Work
from mlguide.site.render.lookups import FileLookups
from mlguide.site.render.markdown import first_paragraph
from mlguide.store.store import Store


@dataclass(frozen=True)
class Quick:
    prepared: Prepared
    work: Work  # every page, as `plan` gives it, with the edited posts' new keys
    edited: tuple[int, ...]  # where the edited posts are in `work.sources`


def text_only_edit(prepared: Prepared, work: Work, changed: Iterable[Path]) -> Quick | None:
    """The site after a save that changed only the text of published posts, or None when
    the save may change more (the caller prepares the site again)."""
    store, fingerprint = work.store, work.fingerprint
    at = {s.meta.source: i for i, s in enumerate(work.sources)}
    paths = sorted(set(changed))
    if store is None or fingerprint is None or not paths or not all(p in at for p in paths):
        return None
    site = prepared.site
    asked = store.used.pop(SOURCES, set())
    try:
        scanned = scan_posts(paths, site.paths.content, first_paragraph, store)
    except MlguideError:
        return None  # the long way reports it, with every other problem of the site
    finally:
        fresh = store.used.get(SOURCES, set())
        store.used[SOURCES] = asked | fresh
    # A new Site for its memo of file lookups (`site.render.lookups`): they hold for one
    # build, and files may have changed since.
    site = replace(site, lookups=FileLookups())
    sources, keys = list(work.sources), list(work.keys)
    for new in scanned:
        i = at[new.meta.source]
        old = sources[i].meta
        try:  # where the index would put it: the same steps as `build_index`
            placed = place(new.meta, site.paths.content, site.config.permalink)
            placed = with_old_urls(placed, old_addresses(placed))
        except ValueError:
            return None
        if placed != old or repr(placed) != repr(old):  # `lines` and `params` by repr
            return None
        sources[i] = replace(new, meta=old)  # the indexed object: the keys know it by identity
        keys[i] = page_key(fingerprint, sources[i], site)
    store.touch(PAGE, keys)
    _forget_earlier_reads(store, set(paths), fresh)
    edited = tuple(at[p] for p in paths)
    return Quick(
        replace(prepared, site=site, sources=tuple(sources)),
        Work(site, tuple(sources), store, tuple(keys), fingerprint),
        edited,
    )


def _forget_earlier_reads(store: Store, edited: set[Path], fresh: set[str]) -> None:
    """The edited posts as read before this save are let go: memory stays one read per
    post, however many saves a session sees."""
    if store.memory is None:
        return
    for kind, key in list(store.memory):
        if kind == SOURCES and key not in fresh:
            meta = getattr(store.memory[(kind, key)], "meta", None)
            if getattr(meta, "source", None) in edited:
                store.forget(kind, key)
