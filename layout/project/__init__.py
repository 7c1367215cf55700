"""Where a build stands: the locked fonts, what may be read, the cache, and
writing files."""
