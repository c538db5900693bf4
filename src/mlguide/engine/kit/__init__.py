"""Generic building blocks for scenes: pieces that make shapes, motions that make steps.

Nothing here knows any post's text; authors reach all of it through `mlguide.scene`.
"""
