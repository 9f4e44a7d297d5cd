"""Admin analytics: read-only aggregates over accounts, engagement and the cache."""
