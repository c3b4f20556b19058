"""The version every index cache file carries, known without loading the fact classes."""

INDEX_VERSION = 5  # raised when the facts read from a file change meaning or grow

# `layout()` of the classes the cache holds; a test fails when they change and this does not.
LAYOUT = "8b76cd06195aff2a"


def cache_format() -> str:
    return f"{INDEX_VERSION}-{LAYOUT}"
