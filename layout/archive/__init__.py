"""The archive: verifying rebuilds, the searchable catalogue, batch rebuilds at scale."""
