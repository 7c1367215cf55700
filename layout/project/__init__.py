"""Where a build stands: the workspace, the locked fonts, what may be read, the cache, and
writing files."""
