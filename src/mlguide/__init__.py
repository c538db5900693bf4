"""mlguide: publishes one long technical guide, with the pictures it draws itself."""

__version__ = "0.1.0"
