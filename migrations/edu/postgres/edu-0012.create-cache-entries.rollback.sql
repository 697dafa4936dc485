-- Undo edu-0012.create-cache-entries: its statements in reverse, one for one.

DROP TABLE cache_entries;
