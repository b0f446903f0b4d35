"""Crawlers call the library from many threads: concurrent results equal serial ones in full
(text, metadata, removals, flags), for one shared Cleaner and for the module-level clean()."""
from concurrent.futures import ThreadPoolExecutor

from batch_corpus import html_page, seed_texts

from cleaner import Cleaner, clean


def pages():
    items = [(html_page(i), f"https://courier.example/{i}", None) for i in range(12)]
    items += [(text, None, "text") for _, text in seed_texts()]
    items += [(html_page(3).encode("utf-8"), None, "html"), (b"", None, None)]
    return items


def test_many_threads_match_serial_in_full():
    cleaner = Cleaner()
    work = pages()
    serial = [cleaner.clean(data, url=url, kind=kind).as_dict() for data, url, kind in work]
    with ThreadPoolExecutor(max_workers=16) as pool:
        shared = list(pool.map(lambda item: cleaner.clean(item[0], url=item[1], kind=item[2]).as_dict(), work * 6))
        default = list(pool.map(lambda item: clean(item[0], url=item[1], kind=item[2]).as_dict(), work * 6))
    assert shared == serial * 6
    assert default == serial * 6
