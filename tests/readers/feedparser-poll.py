"""Polls feeds the way a Python feed reader built on feedparser does, keeping state between runs.

Usage: feedparser-poll.py STATE_FILE MODE URL...
MODE is `both` (sends the stored ETag and Last-Modified, as most readers do) or `modified` (sends only
If-Modified-Since). A 304 keeps the stored entries; a 200 replaces them. Prints, as JSON, what the
reader now holds for each URL: its entries (id, title, content) and the status of this poll.
Run by /usr/bin/python3 with Debian's python3-feedparser.
"""
import json
import sys

import feedparser

state_file, mode, *urls = sys.argv[1:]
try:
    with open(state_file, encoding="utf-8") as f:
        state = json.load(f)
except FileNotFoundError:
    state = {}

result = {}
for url in urls:
    held = state.get(url, {})
    kwargs = {}
    if mode == "both" and held.get("etag"):
        kwargs["etag"] = held["etag"]
    if held.get("modified"):
        kwargs["modified"] = held["modified"]
    parsed = feedparser.parse(url, **kwargs)
    status = parsed.get("status")
    if status == 304:
        entries = held.get("entries", [])
    else:
        if parsed.bozo:
            raise SystemExit(f"{url}: not well-formed: {parsed.bozo_exception}")
        entries = [
            {
                "id": e.get("id"),
                "title": e.get("title"),
                "content": (e.get("content") or [{}])[0].get("value", e.get("summary", "")),
            }
            for e in parsed.entries
        ]
        headers = parsed.get("headers", {})
        held = {"etag": parsed.get("etag"), "modified": headers.get("last-modified")}
    state[url] = {**held, "entries": entries}
    result[url] = {"status": status, "entries": entries}

with open(state_file, "w", encoding="utf-8") as f:
    json.dump(state, f)
json.dump(result, sys.stdout)
