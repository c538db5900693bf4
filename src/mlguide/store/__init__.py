"""The one store: everything mlguide caches, and the rule that decides what is fresh.

- `store.Store`: values made once and reused by key (pages), signed, in `.mlguide-cache/store/`;
- `made`: files mlguide makes inside the project for the author to commit (scene pictures,
  cards) and the manifest that says what they were made from;
- `files.Digests`: file digests remembered by file state, shared by both and by the reuse of
  the previous build's files;
- `digest` and `code`: keys from values, and one code fingerprint per engine.
"""
