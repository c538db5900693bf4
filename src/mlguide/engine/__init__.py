"""The drawing and animation engine: declarative scenes in, frames and encoded files out.

It never sees posts or HTML; it shares only the design tokens with the site.
"""
